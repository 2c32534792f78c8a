// The record table model under QAbstractItemModelTester, with spies on the row signals: pages
// load in the background, changes arrive as insertions and dataChanged (never a reset), and what
// the model shows is what the buffer holds.
#include "buffer.h"
#include "eventlogmodel.h"
#include "mergedreader.h"
#include "operations.h"
#include "recordtablemodel.h"
#include "schema.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestRecordTableModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    Buffer m_buffer;
    std::unique_ptr<Operations> m_ops;

    static RecordTableModel::Loader observations()
    {
        return [](QSqlDatabase db, int offset, int limit) {
            return MergedReader(db).select(schema::kObservation, {}, {},
                                           QStringLiteral("start_time, id"), limit, offset);
        };
    }
    static QList<ColumnSpec> columns()
    {
        return {{QStringLiteral("obs_unit_id"), QStringLiteral("Obs unit"), ColumnSpec::Number},
                {QStringLiteral("status"), QStringLiteral("Status"), ColumnSpec::State},
                {QStringLiteral("sync_state"), QStringLiteral("Sync"), ColumnSpec::State}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("buffer.sqlite"));
        QVERIFY(m_buffer.open(m_path, Buffer::Role::Owner).ok());
        m_ops = std::make_unique<Operations>(m_buffer, SiteSettings{});
    }

    void incrementalUpdatesWithoutReset()
    {
        for (int i = 1; i <= 3; ++i)
            QVERIFY(
                m_ops->startObservation({{QStringLiteral("obs_unit_id"), i}}, QStringLiteral("t"))
                    .ok());
        RecordTableModel model(m_path, columns());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &RecordTableModel::loaded);
        model.setLoader(observations());
        QVERIFY(loaded.wait(5000));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0, 0), RecordTableModel::RawValueRole).toInt(), 1);
        QCOMPARE(model.data(model.index(0, 2), Qt::DisplayRole).toString(),
                 QStringLiteral("buffered"));
        QVERIFY(!model.data(model.index(0, 1), Qt::DecorationRole).isNull());

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        const QString fourth =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 4}}, QStringLiteral("t"))->id;
        QVERIFY(loaded.wait(5000)); // BufferEvents -> coalesced background refresh
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 3);
        QCOMPARE(model.data(model.index(3, 0), RecordTableModel::IdRole).toString(), fourth);

        const QString second = model.data(model.index(1, 0), RecordTableModel::IdRole).toString();
        QVERIFY(m_ops
                    ->finishObservation(second,
                                        {{QStringLiteral("status"), QStringLiteral("aborted")}},
                                        QStringLiteral("t"))
                    .ok());
        QVERIFY(loaded.wait(5000));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(model.data(model.index(1, 1), RecordTableModel::RawValueRole).toString(),
                 QStringLiteral("aborted"));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 0);
    }

    void sortingAndFilteringProxyStaysConsistent()
    {
        RecordTableModel model(m_path, columns());
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(RecordTableModel::RawValueRole);
        proxy.setFilterKeyColumn(-1);
        QAbstractItemModelTester sourceTester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &RecordTableModel::loaded);
        model.setLoader(observations());
        QVERIFY(loaded.wait(5000));
        proxy.sort(0, Qt::DescendingOrder); // by obs_unit_id, numerically (raw role), not as text
        QVERIFY(proxy.rowCount() >= 4);
        QCOMPARE(proxy.data(proxy.index(0, 0), RecordTableModel::RawValueRole).toInt(), 4);
        QVERIFY(m_ops->startObservation({{QStringLiteral("obs_unit_id"), 10}}, QStringLiteral("t"))
                    .ok());
        QVERIFY(loaded.wait(5000));
        QCOMPARE(proxy.data(proxy.index(0, 0), RecordTableModel::RawValueRole).toInt(), 10);
        proxy.setFilterFixedString(QStringLiteral("aborted"));
        QCOMPARE(proxy.rowCount(), 1);
    }

    void eventLogIsBounded()
    {
        EventLogModel log(3);
        QAbstractItemModelTester tester(&log,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&log, &QAbstractItemModel::rowsRemoved);
        QSignalSpy resets(&log, &QAbstractItemModel::modelReset);
        for (int i = 0; i < 5; ++i)
            log.append(QStringLiteral("completed"), QStringLiteral("event %1").arg(i));
        QCOMPARE(log.rowCount(), 3);
        QCOMPARE(removed.count(), 2);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(log.data(log.index(0, EventLogModel::Text)).toString(), QStringLiteral("event 2"));
        QCOMPARE(log.data(log.index(2, EventLogModel::Text)).toString(), QStringLiteral("event 4"));
    }

    void pagesInLargeTables()
    {
        const QString obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 99}}, QStringLiteral("t"))->id;
        QJsonArray files;
        for (int i = 0; i < 5000; ++i)
            files.append(testsupport::fileBody(
                obs, QStringLiteral("p/%1.fits").arg(i, 5, 10, QLatin1Char('0'))));
        QVERIFY(m_ops->registerFiles(files, QStringLiteral("t")).ok());
        RecordTableModel model(
            m_path, {{QStringLiteral("relative_path"), QStringLiteral("Path"), ColumnSpec::Text}});
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &RecordTableModel::loaded);
        model.setLoader([](QSqlDatabase db, int offset, int limit) {
            return MergedReader(db).select(schema::kFile, {}, {}, QStringLiteral("relative_path"),
                                           limit, offset);
        });
        QVERIFY(loaded.wait(5000));
        QCOMPARE(model.rowCount() % RecordTableModel::kPageRows,
                 0); // whole pages only, never all at once
        QVERIFY(model.rowCount() < 5000);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // Scroll to the end: the view would call fetchMore (so does the model tester).
        while (model.canFetchMore({}) || model.isLoading()) {
            if (model.canFetchMore({}))
                model.fetchMore({});
            QVERIFY(loaded.wait(5000));
        }
        QCOMPARE(model.rowCount(), 5000);
        QVERIFY(inserted.count() >= 1);
        QCOMPARE(model.record(4999).value(QLatin1StringView("relative_path")).toString(),
                 QStringLiteral("p/04999.fits"));
    }
};

QTEST_MAIN(TestRecordTableModel)
#include "tst_recordtablemodel.moc"
