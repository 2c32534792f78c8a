// The desk, through the window: every action is performed by triggering its menu action and
// answering its dialogs as an operator would (typing, choosing, confirming), and the test then
// looks in the buffer. A refused action must show its reason.
#include "backloghistory.h"
#include "buffer.h"
#include "bufferevents.h"
#include "clock.h"
#include "config.h"
#include "deskservice.h"
#include "eventlogmodel.h"
#include "healthpanel.h"
#include "linkstatus.h"
#include "mainwindow.h"
#include "mergedreader.h"
#include "nightsummary.h"
#include "nighttimelinewidget.h"
#include "outbox.h"
#include "recordtablemodel.h"
#include "recordview.h"
#include "schema.h"
#include "settingsdialog.h"
#include "stateicons.h"
#include "syncplots.h"
#include "testsupport.h"
#include "timestamps.h"
#include "tokenstore.h"

#include <QAbstractBarSeries>
#include <QAction>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QValueAxis>

using namespace ops;
using testsupport::BufferProbe;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QTranslator m_english;
    QString m_path;
    Buffer m_buffer;
    std::unique_ptr<Operations> m_ops;
    std::unique_ptr<MainWindow> m_window;
    DeskSettings m_settings;

    /// Answers the next modal dialog (of the given class, if named) with `answer` as soon as it is
    /// up.
    void whenDialog(std::function<void(QWidget *)> answer, const char *className = nullptr)
    {
        auto *timer = new QTimer(this);
        timer->setInterval(20);
        connect(timer, &QTimer::timeout, this, [timer, answer, className] {
            QWidget *dialog = QApplication::activeModalWidget();
            if (dialog && (!className || dialog->inherits(className))) {
                timer->stop();
                timer->deleteLater();
                answer(dialog);
            }
        });
        timer->start();
    }
    /// Triggers a menu action and waits for the desk to report how it went.
    bool perform(const char *actionName, bool expectOk = true)
    {
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        QAction *action = m_window->findChild<QAction *>(QString::fromLatin1(actionName));
        if (!action)
            return false;
        // The window greys an action out until the selection (as refreshed) allows it.
        if (!QTest::qWaitFor([&] { return action->isEnabled(); }, 5000))
            return false;
        action->trigger();
        if (finished.isEmpty() && !finished.wait(15000))
            return false;
        return finished.first().at(0).toBool() == expectOk;
    }
    static QJsonObject fileSpec(const QString &observation, const QString &path, qint64 size)
    {
        return {{QStringLiteral("executed_obs_unit_id"), observation},
                {QStringLiteral("instrument_module"), QStringLiteral("primecam-280")},
                {QStringLiteral("relative_path"), path},
                {QStringLiteral("size_bytes"), size},
                {QStringLiteral("checksum"), QString(64, QLatin1Char('c'))}};
    }
    QAction *action(const char *name)
    {
        return m_window->findChild<QAction *>(QString::fromLatin1(name));
    }
    /// Clicks a record's row as an operator would (focus and selection follow the mouse).
    void click(RecordView *v, const QString &id, Qt::KeyboardModifiers modifiers = {},
               bool selected = true)
    {
        QVERIFY(QTest::qWaitFor([&] { return v->model()->rowOf(id) >= 0; }, 10000));
        const QModelIndex index = v->model()->index(v->model()->rowOf(id), 0);
        v->view()->scrollTo(index);
        QTest::mouseClick(v->view()->viewport(), Qt::LeftButton, modifiers,
                          v->view()->visualRect(index).center());
        QVERIFY2(v->view()->selectionModel()->isRowSelected(index.row(), {}) == selected,
                 qPrintable(QStringLiteral("%1 row %2 at %3,%4 in %5x%6")
                                .arg(v->objectName())
                                .arg(index.row())
                                .arg(v->view()->visualRect(index).center().x())
                                .arg(v->view()->visualRect(index).center().y())
                                .arg(v->view()->viewport()->width())
                                .arg(v->view()->viewport()->height())));
    }
    RecordView *view(const char *name)
    {
        return m_window->findChild<RecordView *>(QString::fromLatin1(name));
    }
    bool waitForRows(RecordView *v, int rows)
    {
        return QTest::qWaitFor([&] { return v->model()->rowCount() >= rows; }, 10000);
    }
    void select(RecordView *v, const QString &id)
    {
        QVERIFY(QTest::qWaitFor([&] { return v->model()->rowOf(id) >= 0; }, 10000));
        v->selectId(id);
        QCOMPARE(v->currentRecord().value(QLatin1StringView("id")).toString(), id);
    }
    /// The Sync view's current row has been refreshed to its dead-lettered state.
    bool currentIsDeadLetter()
    {
        return QTest::qWaitFor(
            [&] {
                return view("sync")->currentRecord().value(QLatin1StringView("state")).toString() ==
                       QLatin1StringView("failed");
            },
            5000);
    }
    void showTab(const QString &objectName)
    {
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->objectName() == objectName ||
                tabs->widget(i)->findChild<RecordView *>(objectName))
                tabs->setCurrentIndex(i);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("opsconsole-tests"));
        QSettings().clear(); // no layout (sorted columns, widths) from an earlier run
        // English with its plural forms, as the console installs it ("1 file", "5 files").
        QVERIFY(m_english.load(QStringLiteral(BINARY_DIR "/opsconsole_en.qm")));
        QCoreApplication::installTranslator(&m_english);
        m_path = m_dir.filePath(QStringLiteral("buffer.sqlite"));
        QVERIFY(m_buffer.open(m_path, Buffer::Role::Owner).ok());
        m_ops =
            std::make_unique<Operations>(m_buffer, SiteSettings{QStringLiteral("ccat"), 1000000});
        DeskSettings settings;
        settings.bufferPath = m_path;
        settings.site = SiteSettings{QStringLiteral("ccat"), 1000000};
        settings.operatorName = QStringLiteral("night-operator");
        settings.sync = std::make_shared<SyncStatus>();
        settings.configFile = m_dir.filePath(QStringLiteral("opsconsole.ini"));
        m_settings = settings;
        m_window = std::make_unique<MainWindow>(settings);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void startAndFinishAnObservation()
    {
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setIntValue(777);
            input->accept();
        });
        QVERIFY(perform("actionStart"));
        BufferProbe probe(m_path);
        const QString id =
            probe.scalar(QStringLiteral("SELECT id FROM executed_obs_unit WHERE obs_unit_id = 777"))
                .toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT operator FROM executed_obs_unit WHERE id = ?"), {id})
                .toString(),
            QStringLiteral("night-operator"));

        showTab(QStringLiteral("nightLog"));
        select(view("nightLog"), id);
        // The timeline frames the selected observation (D21).
        QTRY_COMPARE(m_window->findChild<NightTimelineWidget *>()->timeline().selectedId(), id);
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setTextValue(QStringLiteral("aborted"));
            input->accept();
        });
        QVERIFY(perform("actionFinish"));
        QCOMPARE(
            BufferProbe(m_path)
                .scalar(QStringLiteral("SELECT status FROM executed_obs_unit WHERE id = ?"), {id})
                .toString(),
            QStringLiteral("aborted"));
        // The view follows without being told: the row shows the new state.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return view("nightLog")
                           ->currentRecord()
                           .value(QLatin1StringView("status"))
                           .toString() == QLatin1StringView("aborted");
            },
            5000));

        // Finishing it again is impossible: the action is greyed out and says why; reached anyway
        // (a shortcut racing the refresh), it is refused in words before any dialog.
        QAction *finish = action("actionFinish");
        QVERIFY(QTest::qWaitFor([&] { return !finish->isEnabled(); }, 5000));
        QVERIFY2(finish->statusTip().contains(QStringLiteral("only a running observation")),
                 qPrintable(finish->statusTip()));
        QString shown;
        whenDialog([&](QWidget *box) {
            shown = qobject_cast<QMessageBox *>(box)->text();
            qobject_cast<QMessageBox *>(box)->accept();
        });
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        m_window->finishObservation();
        QVERIFY(!finished.isEmpty() || finished.wait(5000));
        QVERIFY2(shown.contains(QStringLiteral("aborted")), qPrintable(shown));
    }

    void outsideChangesAppearWithoutMovingTheSelection()
    {
        // A write from elsewhere in the process (the REST thread, the sync engine's pull) must
        // show within a second, and the operator's selection must stay on the same record.
        showTab(QStringLiteral("nightLog"));
        RecordView *log = view("nightLog");
        QVERIFY(waitForRows(log, 1));
        const QString selected = log->model()->record(0).value(QLatin1StringView("id")).toString();
        select(log, selected);
        const int rowsBefore = log->model()->rowCount();
        QSignalSpy resets(log->model(), &QAbstractItemModel::modelReset);
        QElapsedTimer timer;
        timer.start();
        const QString added = m_ops
                                  ->startObservation({{QStringLiteral("obs_unit_id"), 778}},
                                                     QStringLiteral("automation"))
                                  ->id;
        QVERIFY(QTest::qWaitFor([&] { return log->model()->rowOf(added) >= 0; }, 1000));
        qInfo("visible after %lld ms", static_cast<long long>(timer.elapsed()));
        QCOMPARE(log->model()->rowCount(), rowsBefore + 1);
        QCOMPARE(log->currentRecord().value(QLatin1StringView("id")).toString(), selected);
        QCOMPARE(resets.count(), 0);
    }

    /// File > Export: the shown night written as CSV (one line per observation, in the columns
    /// the report names) and as a PDF, through the save dialog, as an operator does it.
    void exportTheNightFromTheWindow()
    {
        const QString obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 4321}}, QStringLiteral("t"))
                ->id;
        m_window->showTonight();
        QTemporaryDir out;
        for (const char *format : {"csv", "pdf"}) {
            const QString file = out.filePath(QStringLiteral("night.%1").arg(format));
            whenDialog([&](QWidget *d) {
                auto *save = qobject_cast<QFileDialog *>(d);
                save->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(file);
                QMetaObject::invokeMethod(save, "accept");
            });
            QVERIFY(perform(qstrcmp(format, "csv") == 0 ? "actionExportCsv" : "actionExportPdf"));
            QFile written(file);
            QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(file));
            const QByteArray content = written.readAll();
            if (qstrcmp(format, "pdf") == 0) {
                QVERIFY(content.startsWith("%PDF-"));
                QVERIFY(content.size() > 1000);
                continue;
            }
            const QList<QByteArray> lines = content.trimmed().split('\n');
            const QByteArray header = lines.first().trimmed();
            QCOMPARE(header, nightLogCsvColumns().join(QLatin1Char(',')).toUtf8());
            const qsizetype idColumn = nightLogCsvColumns().indexOf(QStringLiteral("id"));
            QVERIFY(idColumn >= 0);
            bool found = false;
            for (qsizetype i = 1; i < lines.size(); ++i)
                found = found || lines[i].trimmed().split(',').value(idColumn) == obs.toUtf8();
            QVERIFY2(found, content.constData());
            // Every observation of the shown night, no more.
            QCOMPARE(lines.size() - 1, view("nightLog")->model()->rowCount());
        }
    }

    /// While a folder is being read: quitting asks first ("Keep reading" keeps the window and the
    /// reading), the action is greyed out, and cancelling registers nothing.
    void aFolderBeingReadCanBeKeptOnQuitAndCancelled()
    {
        const QString obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 889}}, QStringLiteral("t"))
                ->id;
        // Large enough to take a while to checksum (sparse: quick to make, ~1.2 GB to hash).
        QTemporaryDir folder;
        for (int i = 0; i < 40; ++i) {
            QFile f(folder.filePath(QStringLiteral("big%1.dat").arg(i)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(30LL << 20));
        }
        showTab(QStringLiteral("nightLog"));
        select(view("nightLog"), obs);
        whenDialog([&](QWidget *d) {
            auto *files = qobject_cast<QFileDialog *>(d);
            files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(folder.path());
            QMetaObject::invokeMethod(files, "accept");
            whenDialog([](QWidget *d2) {
                auto *input = qobject_cast<QInputDialog *>(d2);
                input->setTextValue(QStringLiteral("chai-hfa"));
                input->accept();
            });
        });
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        QVERIFY(QTest::qWaitFor([&] { return action("actionRegisterFolder")->isEnabled(); }, 5000));
        action("actionRegisterFolder")->trigger();
        QWidget *box = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                box = m_window->findChild<QWidget *>(QStringLiteral("scanBox"));
                return box && box->isVisible();
            },
            5000));
        QVERIFY(!action("actionRegisterFolder")->isEnabled());

        whenDialog(
            [](QWidget *d) {
                auto *question = qobject_cast<QMessageBox *>(d);
                QCOMPARE(question->objectName(), QStringLiteral("quitWhileScanning"));
                question->button(QMessageBox::No)->click(); // keep reading
            },
            "QMessageBox");
        QVERIFY(!m_window->close());
        QVERIFY(m_window->isVisible());
        QVERIFY(box->isVisible());
        QVERIFY(finished.isEmpty());

        box->findChild<QToolButton *>(QStringLiteral("scanCancel"))->click();
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("Nothing was registered."));
        QVERIFY(!box->isVisible());
        QVERIFY(QTest::qWaitFor([&] { return action("actionRegisterFolder")->isEnabled(); }, 5000));
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("executed_obs_unit_id = ?"), {obs}),
                 0);
    }

    void registerAFolderCreateFinalizeStageAndCancel()
    {
        const QString obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 888}}, QStringLiteral("t"))
                ->id;
        QTemporaryDir folder;
        for (int i = 0; i < 5; ++i) {
            QDir(folder.path()).mkpath(QStringLiteral("scan"));
            QFile f(folder.filePath(QStringLiteral("scan/det%1.fits").arg(i)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(1000 + i, char('a' + i)));
        }
        showTab(QStringLiteral("nightLog"));
        select(view("nightLog"), obs);
        whenDialog([&](QWidget *d) {
            auto *files = qobject_cast<QFileDialog *>(d);
            // Typed into the dialog's name field, as a person would.
            auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            name->setText(folder.path());
            QMetaObject::invokeMethod(files, "accept");
            whenDialog([](QWidget *d2) {
                auto *input = qobject_cast<QInputDialog *>(d2);
                input->setTextValue(QStringLiteral("chai-lfa"));
                input->accept();
            });
        });
        QVERIFY(perform("actionRegisterFolder"));
        BufferProbe probe(m_path);
        QCOMPARE(probe.count(QStringLiteral("raw_data_file"),
                             QStringLiteral("executed_obs_unit_id = ?"), {obs}),
                 5);
        const QString expected = QString::fromLatin1(
            QCryptographicHash::hash(QByteArray(1002, 'c'), QCryptographicHash::Sha256).toHex());
        QCOMPARE(
            probe
                .scalar(QStringLiteral(
                    "SELECT checksum FROM raw_data_file WHERE relative_path = 'scan/det2.fits'"))
                .toString(),
            expected);
        QCOMPARE(
            probe
                .scalar(QStringLiteral(
                    "SELECT size_bytes FROM raw_data_file WHERE relative_path = 'scan/det2.fits'"))
                .toInt(),
            1002);

        // Package from selected files.
        showTab(QStringLiteral("files"));
        RecordView *files = view("files");
        QVERIFY(waitForRows(files, 5));
        files->view()->selectAll();
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            QVERIFY(input->labelText().contains(QStringLiteral("5 file")));
            input->setTextValue(QStringLiteral("pkg-desk"));
            input->accept();
        });
        QVERIFY(perform("actionCreatePackage"));
        const QString package =
            probe.scalar(QStringLiteral("SELECT id FROM raw_data_package WHERE name = 'pkg-desk'"))
                .toString();
        QVERIFY(!package.isEmpty());
        QCOMPARE(probe.count(QStringLiteral("raw_data_file"),
                             QStringLiteral("raw_data_package_id = ?"), {package}),
                 5);

        // Staging a building package is impossible: greyed out, saying why.
        showTab(QStringLiteral("packages"));
        select(view("packages"), package);
        QVERIFY(!action("actionStage")->isEnabled());
        QVERIFY2(action("actionStage")->statusTip().contains(QStringLiteral("Only complete")),
                 qPrintable(action("actionStage")->statusTip()));

        // Finalize asks first, naming the package, its files and size.
        QVERIFY(action("actionFinalize")->isEnabled());
        QString shown;
        whenDialog([&](QWidget *d) {
            auto *box = qobject_cast<QMessageBox *>(d);
            shown = box->text();
            box->button(QMessageBox::Yes)->click();
        });
        QVERIFY(perform("actionFinalize"));
        QVERIFY2(shown.contains(QStringLiteral("pkg-desk")) &&
                     shown.contains(QStringLiteral("(5 files,")),
                 qPrintable(shown));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status FROM raw_data_package WHERE id = ?"),
                             {package})
                     .toString(),
                 QStringLiteral("complete"));
        select(view("packages"), package);
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setTextValue(QStringLiteral("ramses-processing"));
            input->accept();
        });
        QVERIFY(perform("actionStage"));
        const QString job =
            probe
                .scalar(QStringLiteral("SELECT staging_job_id FROM staging_job_package WHERE "
                                       "raw_data_package_id = ?"),
                        {package})
                .toString();
        QVERIFY(!job.isEmpty());

        // Staging the same package again to the same place: refused by the domain rule, the
        // refusal naming the active job (a double Enter never stages twice).
        select(view("packages"), package);
        QVERIFY(QTest::qWaitFor([&] { return action("actionStage")->isEnabled(); }, 5000));
        whenDialog([&](QWidget *d) {
            qobject_cast<QInputDialog *>(d)->setTextValue(QStringLiteral("ramses-processing"));
            qobject_cast<QInputDialog *>(d)->accept();
            whenDialog([&](QWidget *box) {
                shown = qobject_cast<QMessageBox *>(box)->text();
                qobject_cast<QMessageBox *>(box)->accept();
            });
        });
        QVERIFY(perform("actionStage", false));
        QVERIFY2(shown.contains(job), qPrintable(shown));
        QCOMPARE(probe.count(QStringLiteral("staging_job_package"),
                             QStringLiteral("raw_data_package_id = ?"), {package}),
                 1);

        // Cancelling needs a reason: the button stays disabled without one; the dialog names the
        // job's packages, counted from the data; Tab leaves the reason box, Ctrl+Enter confirms.
        showTab(QStringLiteral("staging"));
        select(view("staging"), job);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return view("staging")->currentRecord().contains(QStringLiteral("package_count"));
            },
            5000));
        whenDialog(
            [&](QWidget *d) {
                shown = d->findChild<QLabel *>(QStringLiteral("reasonText"))->text();
                auto *accept = d->findChild<QPushButton *>(QStringLiteral("reasonAccept"));
                auto *edit = d->findChild<QPlainTextEdit *>(QStringLiteral("reasonEdit"));
                QCOMPARE(accept->text(), QStringLiteral("Cancel job"));
                QCOMPARE(d->findChild<QPushButton *>(QStringLiteral("reasonKeep"))->text(),
                         QStringLiteral("Keep job"));
                QVERIFY(!accept->isEnabled());
                QTest::keyClicks(edit, QStringLiteral("wrong destination"));
                QVERIFY(accept->isEnabled());
                QTest::keyClick(edit, Qt::Key_Tab);
                QVERIFY(!edit->hasFocus());
                QCOMPARE(edit->toPlainText(), QStringLiteral("wrong destination"));
                edit->setFocus();
                QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
            },
            "QDialog");
        QVERIFY(perform("actionCancelStaging"));
        QVERIFY2(shown.contains(QStringLiteral("1 package")) &&
                     shown.contains(QStringLiteral("pkg-desk")) &&
                     shown.contains(QStringLiteral("ramses-processing")),
                 qPrintable(shown));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status || '/' || cancelled_by || '/' || "
                                            "cancel_reason FROM staging_job WHERE id = ?"),
                             {job})
                     .toString(),
                 QStringLiteral("cancelled/night-operator/wrong destination"));
        QCOMPARE(probe.count(QStringLiteral("operator_action"),
                             QStringLiteral("target_id = ? AND actor = 'night-operator'"), {job}),
                 1);
    }

    void retryAndDiscardADeadLetter()
    {
        // Central's refusal is simulated here by dead-lettering directly; the desk's part is the
        // same.
        const auto first =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 901}}, QStringLiteral("t"));
        const auto second =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 902}}, QStringLiteral("t"));
        Outbox outbox(m_buffer);
        QSignalSpy alarms(m_window.get(), &MainWindow::alarmRaised);
        for (const QString &tx : {first->transactionId, second->transactionId})
            QVERIFY(outbox.deadLetter(outbox.find(tx)->seq, QStringLiteral("refused for the test"))
                        .ok());
        // A dead letter turns the badge red and raises a desktop notification.
        auto *badge = m_window->findChild<QLabel *>(QStringLiteral("statusBadge"));
        QVERIFY(QTest::qWaitFor(
            [&] { return badge->property("level").toString() == QLatin1StringView("alarm"); },
            5000));
        QVERIFY2(badge->text().contains(QStringLiteral("2 dead letters")),
                 qPrintable(badge->text()));
        QVERIFY(QTest::qWaitFor([&] { return !alarms.isEmpty(); }, 5000));
        QCOMPARE(alarms.first().at(0).toString(),
                 QStringLiteral("Refused by the central database"));
        QVERIFY(alarms.first().at(1).toString().contains(QStringLiteral("2 transactions")));

        showTab(QStringLiteral("sync"));
        select(view("sync"), first->transactionId);
        QVERIFY(currentIsDeadLetter());
        // D19: the refused state's tooltip says what to do here, not "see the Sync view".
        {
            RecordTableModel *sync = view("sync")->model();
            const int row = sync->rowOf(first->transactionId);
            int stateColumn = -1;
            for (int c = 0; c < sync->columnCount(); ++c)
                if (sync->headerData(c, Qt::Horizontal).toString() == QLatin1StringView("State"))
                    stateColumn = c;
            QVERIFY(stateColumn >= 0);
            const QString tip = sync->index(row, stateColumn).data(Qt::ToolTipRole).toString();
            QVERIFY2(!tip.contains(QStringLiteral("Sync view")), qPrintable(tip));
            QVERIFY2(tip.contains(QStringLiteral("Ctrl+Shift+R")), qPrintable(tip));
        }
        whenDialog([](QWidget *d) {
            auto *box = qobject_cast<QMessageBox *>(d);
            QVERIFY(box->text().contains(QStringLiteral("refused for the test")));
            box->button(QMessageBox::Yes)->click();
        });
        QVERIFY(perform("actionRetry"));
        QCOMPARE(outbox.find(first->transactionId)->state, QStringLiteral("pending"));
        // The retry is in the audit, by the operator at the desk (test audit: it was not checked).
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("operator_action"),
                                           QStringLiteral("action = 'retry_transaction' AND "
                                                          "actor = 'night-operator' AND "
                                                          "target_id = ?"),
                                           {first->transactionId}),
                 1);

        select(view("sync"), second->transactionId);
        QVERIFY(currentIsDeadLetter());
        whenDialog(
            [](QWidget *d) {
                QTest::keyClicks(d->findChild<QPlainTextEdit *>(QStringLiteral("reasonEdit")),
                                 QStringLiteral("duplicate start"));
                d->findChild<QPushButton *>(QStringLiteral("reasonAccept"))->click();
            },
            "QDialog");
        QVERIFY(perform("actionDiscard"));
        BufferProbe probe(m_path);
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT state FROM outbox WHERE id = ?"),
                             {second->transactionId})
                     .toString(),
                 QStringLiteral("discarded"));
        QCOMPARE(probe.count(QStringLiteral("executed_obs_unit"), QStringLiteral("id = ?"),
                             {second->id}),
                 0);
        QCOMPARE(probe.count(QStringLiteral("operator_action"),
                             QStringLiteral("action = 'discard_transaction' AND reason = "
                                            "'duplicate start' AND actor = 'night-operator'")),
                 1);
    }

    void statusBarSaysWhereTheLinkStands()
    {
        auto *label = m_window->findChild<QLabel *>(QStringLiteral("centralStatus"));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return label->text().contains(QStringLiteral("no central database configured"));
            },
            5000));
        QVERIFY(QTest::qWaitFor([&] { return label->text().contains(QStringLiteral("pending")); },
                                5000));
        QVERIFY(label->text().startsWith(QStringLiteral("ccat (secondary)")));
        // D15: the health panel is labelled values in words, not the JSON /health serves.
        auto *health = m_window->findChild<HealthPanel *>(QStringLiteral("healthPanel"));
        QVERIFY(health);
        QVERIFY(QTest::qWaitFor(
            [&] { return health->value(QStringLiteral("central")) == "not configured"; }, 5000));
        QVERIFY2(health->value(QStringLiteral("pending")).contains(QStringLiteral("oldest")),
                 qPrintable(health->value(QStringLiteral("pending"))));
        QCOMPARE(health->value(QStringLiteral("site")), QStringLiteral("ccat (secondary)"));
        QCOMPARE(health->value(QStringLiteral("last_success")), QStringLiteral("never"));
        for (QLabel *value : health->findChildren<QLabel *>())
            QVERIFY2(!value->text().contains(QLatin1Char('{')), qPrintable(value->text()));
        // The badge: no central configured is "local only", and no "last sync" is claimed.
        auto *badge = m_window->findChild<QLabel *>(QStringLiteral("statusBadge"));
        QVERIFY(badge);
        // Local when nothing is refused; a dead letter left by an earlier test keeps it red.
        QVERIFY2(badge->property("level").toString() == QLatin1StringView("local") ||
                     badge->text().contains(QStringLiteral("dead letter")),
                 qPrintable(badge->property("level").toString() + badge->text()));
        QVERIFY(!m_window->findChild<QLabel *>(QStringLiteral("lastSync"))->isVisible());
    }

    void badgeLevels_data()
    {
        QTest::addColumn<int>("central");
        QTest::addColumn<int>("pending");
        QTest::addColumn<double>("age");
        QTest::addColumn<int>("failed");
        QTest::addColumn<int>("level");
        QTest::addColumn<QString>("text");
        using L = LinkStatus::AlarmLevel;
        const int connected = int(SyncStatus::Central::Connected);
        const int down = int(SyncStatus::Central::Disconnected);
        const int none = int(SyncStatus::Central::NotConfigured);
        QTest::newRow("all well") << connected << 2 << 5.0 << 0 << int(L::Ok) << "all well";
        QTest::newRow("no central") << none << 2 << 5.0 << 0 << int(L::Local) << "local only";
        QTest::newRow("central down")
            << down << 2 << 5.0 << 0 << int(L::Warning) << "central unreachable";
        QTest::newRow("backlog past half")
            << connected << 3 << 1000.0 << 0 << int(L::Warning) << "backlog 17 min";
        QTest::newRow("backlog past threshold")
            << down << 3 << 1900.0 << 0 << int(L::Alarm) << "central unreachable · backlog 32 min";
        QTest::newRow("old but nothing pending")
            << connected << 0 << 5000.0 << 0 << int(L::Ok) << "all well";
        QTest::newRow("one dead letter")
            << connected << 0 << 0.0 << 1 << int(L::Alarm) << "1 dead letter";
        QTest::newRow("dead letters")
            << connected << 0 << 0.0 << 2 << int(L::Alarm) << "2 dead letters";
    }
    void badgeLevels()
    {
        QFETCH(int, central);
        QFETCH(int, pending);
        QFETCH(double, age);
        QFETCH(int, failed);
        QFETCH(int, level);
        QFETCH(QString, text);
        StatusWatcher::Status s;
        s.sync.central = SyncStatus::Central(central);
        s.counts.pending = pending;
        s.counts.failed = failed;
        s.oldestPendingAgeSeconds = age;
        const LinkStatus::Alarm alarm = LinkStatus::alarmOf(s, 30 * 60);
        QCOMPARE(int(alarm.level), level);
        QCOMPARE(alarm.text, text);
    }

    void backlogThresholdIsSetInSettings()
    {
        QSettings().setValue(QStringLiteral("alarms/backlog-minutes"), 30);
        whenDialog([](QWidget *d) {
            auto *spin = d->findChild<QSpinBox *>(QStringLiteral("backlogAlarmSpin"));
            QVERIFY(spin);
            QCOMPARE(spin->value(), 30);
            spin->setValue(12);
            d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        });
        m_window->openSettings();
        QCOMPARE(QSettings().value(QStringLiteral("alarms/backlog-minutes")).toInt(), 12);
        QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("statusBadge"))
                    ->toolTip()
                    .contains(QStringLiteral("12 minutes")));
        // The backlog plot draws the new threshold as a line across the whole day.
        auto *threshold = m_window->findChild<BacklogChart *>()->chart()->findChild<QLineSeries *>(
            QStringLiteral("backlogThreshold"));
        QVERIFY(threshold);
        QCOMPARE(threshold->count(), 2);
        QCOMPARE(threshold->at(0).y(), 12.0);
        QCOMPARE(threshold->at(1).y(), 12.0);
        QVERIFY(threshold->at(1).x() - threshold->at(0).x() >= 24.0 * 3600 * 1000 - 1);
        QSettings().remove(QStringLiteral("alarms"));
    }

    /// D14: Events and the backlog plot in the site's zone (America/Santiago here, the machine
    /// in whatever zone it is), with UTC in the tooltips; D22: no repeated tick labels.
    void oneTimeZoneEverywhere()
    {
        const QTimeZone site(QByteArrayLiteral("America/Santiago"));
        const QDateTime utc(QDate(2026, 11, 28), QTime(6, 0), QTimeZone::utc());
        auto *events = m_window->findChild<QTableView *>(QStringLiteral("eventsTable"));
        auto *shown = qobject_cast<QSortFilterProxyModel *>(events->model());
        QVERIFY(shown);
        auto *log = qobject_cast<EventLogModel *>(shown->sourceModel());
        QVERIFY(log);
        log->append(QStringLiteral("synced"), QStringLiteral("zone probe"), utc);
        const QModelIndex when = log->index(log->rowCount() - 1, EventLogModel::Time);
        QCOMPARE(when.data().toString(),
                 QLocale().toString(utc.toTimeZone(site), QLocale::ShortFormat));
        QVERIFY(when.data().toString().contains(QStringLiteral("3:00")));
        QVERIFY(when.data(Qt::ToolTipRole).toString().contains(QStringLiteral("06:00:00 UTC")));

        // The timeline's tooltip: site time first, then UTC.
        NightTimelineWidget timeline;
        timeline.setNight(
            QJsonArray{QJsonObject{
                {QStringLiteral("id"), QStringLiteral("t")},
                {QStringLiteral("obs_unit_id"), 5},
                {QStringLiteral("status"), QStringLiteral("completed")},
                {QStringLiteral("start_time"), timestamps::format(utc.toMSecsSinceEpoch() * 1000)},
                {QStringLiteral("end_time"),
                 timestamps::format(utc.addSecs(1800).toMSecsSinceEpoch() * 1000)},
                {QStringLiteral("instrument_modules"), QJsonArray{QStringLiteral("chai-lfa")}},
                {QStringLiteral("sync_state"), QStringLiteral("synced")}}},
            timestamps::nightWindow(QDate(2026, 11, 27), site), site);
        const QString tip = timeline.toolTipFor(0);
        QVERIFY2(tip.contains(QStringLiteral("03:00 to 03:30")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("UTC: 06:00 to 06:30")), qPrintable(tip));

        // A sample two hours ago, on a whole minute.
        const QDateTime at = QDateTime::fromSecsSinceEpoch(
            (QDateTime::currentSecsSinceEpoch() - 2 * 3600) / 60 * 60, QTimeZone::utc());
        QSqlQuery insert(m_buffer.database());
        QVERIFY(insert.prepare(QStringLiteral("INSERT INTO backlog_sample (at, pending, failed, "
                                              "oldest_age_s) VALUES (?, 3, 0, 150)")));
        insert.addBindValue(timestamps::format(at.toMSecsSinceEpoch() * 1000));
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
        auto *chart = m_window->findChild<BacklogChart *>();
        auto *history = m_window->findChild<BacklogHistory *>();
        QSignalSpy loaded(history, &BacklogHistory::loaded);
        history->reload();
        QVERIFY(loaded.wait(5000));
        const QString hover = chart->hoverText(at.toMSecsSinceEpoch() + 20000);
        QVERIFY2(hover.contains(at.toTimeZone(site).toString(QStringLiteral("HH:mm"))),
                 qPrintable(hover));
        QVERIFY2(hover.contains(at.toString(QStringLiteral("HH:mm")) + QStringLiteral(" UTC")),
                 qPrintable(hover));
        QVERIFY2(hover.contains(QStringLiteral("3 pending")), qPrintable(hover));
        QVERIFY2(hover.contains(QStringLiteral("2.5 min")), qPrintable(hover));

        const auto horizontal = chart->chart()->axes(Qt::Horizontal);
        QCOMPARE(horizontal.size(), 1);
        auto *time = qobject_cast<QCategoryAxis *>(horizontal.first());
        QVERIFY(time);
        QVERIFY(time->count() >= 7);
        for (const QString &label : time->categoriesLabels()) {
            const QDateTime tick =
                QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(time->endValue(label)), site);
            QCOMPARE(label, tick.toString(QStringLiteral("HH:mm")));
            QCOMPARE(tick.time().hour() % 3, 0);
            QCOMPARE(tick.time().minute(), 0);
        }
        for (QAbstractAxis *axis : chart->chart()->axes(Qt::Vertical)) {
            auto *values = qobject_cast<QValueAxis *>(axis);
            QVERIFY(values);
            const double step = values->max() / (values->tickCount() - 1);
            QCOMPARE(step, std::round(step)); // whole-number ticks: "0 0 0" cannot happen
            QVERIFY(step >= 1);
        }
    }

    /// D20: the package chart's rows are named, never "...": each label is the package's name with
    /// its share, drawn whole, in a chart at its smallest; bars coloured by state, hover names all.
    void packageChartLabelsAreReadable()
    {
        QList<QJsonObject> packages;
        const QStringList states{QStringLiteral("waiting"), QStringLiteral("transferring"),
                                 QStringLiteral("archived"), QStringLiteral("failed")};
        for (int i = 11; i >= 0; --i)
            packages << QJsonObject{
                {QStringLiteral("name"), QStringLiteral("2026-11-27-primecam-280-scan%1").arg(i)},
                {QStringLiteral("status"), QStringLiteral("complete")},
                {QStringLiteral("transfer_state"), states.at(i % states.size())},
                {QStringLiteral("total_size_bytes"), qint64(i + 1) * 40000}};
        PackageSizeChart chart(1000000);
        chart.setPackages(packages);
        chart.resize(1000, chart.minimumHeight());
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCoreApplication::processEvents();
        QStringList drawn;
        for (QGraphicsItem *item : chart.scene()->items())
            if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible())
                drawn << text->toPlainText();
        for (const QJsonObject &p : packages) {
            const QString label = chart.labelOf(p);
            QVERIFY2(label.startsWith(p.value(QStringLiteral("name")).toString()),
                     qPrintable(label));
            QVERIFY2(drawn.contains(label), qPrintable(drawn.join(QStringLiteral(" | "))));
        }
        QCOMPARE(chart.labelOf(packages.first()),
                 QStringLiteral("2026-11-27-primecam-280-scan11 · 48 %"));
        for (const QString &text : drawn)
            QVERIFY2(!text.contains(QStringLiteral("...")), qPrintable(text));
        // One bar set per state, in the state's colour: the legend names the states.
        auto *series = qobject_cast<QAbstractBarSeries *>(chart.chart()->series().first());
        QCOMPARE(series->count(), 4);
        for (QBarSet *set : series->barSets())
            QVERIFY(set->color() != series->barSets().first()->color() ||
                    set == series->barSets().first());
        // The top row is the newest package.
        QVERIFY(
            chart.toolTipFor(11).startsWith(QStringLiteral("2026-11-27-primecam-280-scan11\n")));
        QVERIFY(chart.toolTipFor(11).contains(QStringLiteral("48.0 %")));
    }

    /// The texts a chart draws (axis labels, title, legend), as drawn.
    static QStringList drawnTexts(QChartView *chart)
    {
        QStringList drawn;
        for (QGraphicsItem *item : chart->scene()->items())
            if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible())
                drawn << text->toPlainText();
        return drawn;
    }

    /// N2, D20, D22: at the default window size (1280x780) the backlog plot was ~35 px tall and
    /// every y tick "…"; at 12 pt the hour labels and every package label were "…" too. At 9 and
    /// 12 pt, in the window as an operator sees it: no label of either chart elided, the plot
    /// tall enough for its ticks, every package name whole.
    void chartsReadableAtTheDefaultSize_data()
    {
        QTest::addColumn<int>("points");
        QTest::newRow("9 pt") << 9;
        QTest::newRow("12 pt") << 12;
    }
    void chartsReadableAtTheDefaultSize()
    {
        QFETCH(int, points);
        const int before = QApplication::font().pointSize();
        const QSize size = m_window->size();
        SettingsDialog::applyFontPoints(points);
        m_window->resize(1280, 780);
        QList<QJsonObject> packages;
        for (int i = 200; i > 192; --i)
            packages << QJsonObject{
                {QStringLiteral("name"), QStringLiteral("2026-11-27-primecam-280-scan%1").arg(i)},
                {QStringLiteral("status"), QStringLiteral("complete")},
                {QStringLiteral("transfer_state"), QStringLiteral("archived")},
                {QStringLiteral("total_size_bytes"), qint64(i) * 300}};
        auto *sizes = m_window->findChild<PackageSizeChart *>();
        auto *backlog = m_window->findChild<BacklogChart *>();
        const QSignalBlocker quiet(view("packages")->model()); // these packages, not the buffer's
        QVERIFY(sizes && backlog);
        for (const char *page : {"syncPage", "packagesPage"}) {
            showTab(QString::fromLatin1(page));
            if (QByteArray(page) == "packagesPage")
                sizes->setPackages(packages);
            QTest::qWait(50);
            QCoreApplication::processEvents();
            QChartView *chart =
                QByteArray(page) == "syncPage" ? static_cast<QChartView *>(backlog) : sizes;
            QVERIFY2(chart->isVisible(), page);
            const QStringList drawn = drawnTexts(chart);
            QVERIFY(!drawn.isEmpty());
            if (chart == sizes)
                for (const QJsonObject &p : packages)
                    QVERIFY2(drawn.contains(sizes->labelOf(p)),
                             qPrintable(QStringLiteral("%1 in %2 px: %3")
                                            .arg(sizes->labelOf(p))
                                            .arg(sizes->width())
                                            .arg(drawn.join(QStringLiteral(" | ")))));
            for (const QString &text : drawn)
                QVERIFY2(!text.contains(QStringLiteral("...")) && !text.contains(QChar(0x2026)),
                         qPrintable(QStringLiteral("%1 at %2 pt, %3 px high: %4")
                                        .arg(QLatin1StringView(page))
                                        .arg(points)
                                        .arg(chart->height())
                                        .arg(drawn.join(QStringLiteral(" | ")))));
            // The axes' labels follow the text size.
            for (QAbstractAxis *axis : chart->chart()->axes())
                QVERIFY(axis->labelsFont().pointSize() >= points);
            QVERIFY2(chart->chart()->plotArea().height() >=
                         3 * QFontMetrics(chart->chart()->axes().first()->labelsFont()).height(),
                     qPrintable(QStringLiteral("%1: plot %2 px high in %3 px, window %4")
                                    .arg(QLatin1StringView(page))
                                    .arg(chart->chart()->plotArea().height())
                                    .arg(chart->height())
                                    .arg(m_window->height())));
        }
        sizes->setPackages({});
        SettingsDialog::applyFontPoints(before);
        m_window->resize(size);
    }

    /// N4: German's Discard warning at 12 pt was cut: the reason dialog had a fixed size. It
    /// now grows to its text: the whole warning is shown, the reason box keeps a few lines.
    void reasonDialogFitsGermanAt12pt()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(BINARY_DIR "/opsconsole_de.qm")));
        QCoreApplication::installTranslator(&german);
        const int before = QApplication::font().pointSize();
        SettingsDialog::applyFontPoints(12);
        const QString text =
            QCoreApplication::translate(
                "ops::MainWindow",
                "Discard “%1”?\n\nCentral refused it with: %2\n\nIts changes leave this "
                "console for good and never reach the central database; transactions that "
                "build on them fail in turn. This is recorded in the audit under your name "
                "(%3).")
                .arg(QStringLiteral("Finish observation e04701e3 (obs unit 2100) as completed"),
                     QStringLiteral("executed_obs_unit e04701e3-331f-4c1a-9a4e-8d2f0c7b5a11 has "
                                    "status = completed in central; this change needs status "
                                    "to be running"),
                     QStringLiteral("night-operator"));
        QVERIFY(text.startsWith(QStringLiteral("„")) ||
                !text.startsWith(QStringLiteral("Discard")));
        bool whole = false;
        QString why;
        whenDialog(
            [&](QWidget *d) {
                QCoreApplication::processEvents();
                auto *label = d->findChild<QLabel *>(QStringLiteral("reasonText"));
                auto *edit = d->findChild<QPlainTextEdit *>(QStringLiteral("reasonEdit"));
                const int needed = label->heightForWidth(label->width());
                whole = label->height() >= needed &&
                        d->geometry().contains(label->geometry().translated(d->pos())) &&
                        edit->height() >= 3 * edit->fontMetrics().lineSpacing();
                why = QStringLiteral("label %1 px of %2 needed, edit %3 px, dialog %4x%5")
                          .arg(label->height())
                          .arg(needed)
                          .arg(edit->height())
                          .arg(d->width())
                          .arg(d->height());
                qobject_cast<QDialog *>(d)->reject();
            },
            "QDialog");
        QVERIFY(!m_window->askReason(QStringLiteral("Transaktion verwerfen"), text,
                                     QStringLiteral("Verwerfen"), QStringLiteral("Behalten")));
        QCoreApplication::removeTranslator(&german);
        SettingsDialog::applyFontPoints(before);
        QVERIFY2(whole, qPrintable(why));
    }

    /// N7: the double-click Record dialog was a raw dump ("created_at: …", "null", UTC ISO
    /// times). Now: the view's column names or words, "—" for nothing, times in the site's zone
    /// with UTC in their tooltip.
    void recordDetailInWords()
    {
        RecordView *log = view("nightLog");
        const QJsonObject record{
            {QStringLiteral("id"), QStringLiteral("0e4f")},
            {QStringLiteral("obs_unit_id"), 2100},
            {QStringLiteral("status"), QStringLiteral("running")},
            {QStringLiteral("start_time"), QStringLiteral("2026-11-28T03:00:00.000000Z")},
            {QStringLiteral("end_time"), QJsonValue::Null},
            {QStringLiteral("created_at"), QStringLiteral("2026-11-28T03:00:01.000000Z")},
            {QStringLiteral("total_size_bytes"), 2048}};
        std::unique_ptr<QDialog> dialog(log->detailDialog(record, m_window.get()));
        QCOMPARE(dialog->objectName(), QStringLiteral("recordDetail"));
        const auto shown = [&](const char *key) {
            auto *label =
                dialog->findChild<QLabel *>(QStringLiteral("detail_") + QLatin1StringView(key));
            return label ? label : new QLabel(dialog.get());
        };
        QCOMPARE(shown("end_time")->text(), QStringLiteral("—"));
        const QTimeZone zone = log->model()->timeZone();
        const QString local = QDateTime(QDate(2026, 11, 28), QTime(3, 0, 1), QTimeZone::utc())
                                  .toTimeZone(zone)
                                  .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QVERIFY2(shown("created_at")->text().startsWith(local),
                 qPrintable(shown("created_at")->text()));
        QVERIFY(shown("created_at")->toolTip().contains(QStringLiteral("03:00:01 UTC")));
        QCOMPARE(shown("status")->text(), stateicons::label(QStringLiteral("running")));
        QVERIFY(shown("total_size_bytes")->text().contains(QStringLiteral("2,048 bytes")));
        QStringList labels;
        for (QLabel *label : dialog->findChildren<QLabel *>())
            labels << label->text();
        QVERIFY2(labels.contains(QStringLiteral("Created:")), qPrintable(labels.join(u'|')));
        QVERIFY(labels.contains(QStringLiteral("Start:"))); // the view's column name
        for (const QString &text : std::as_const(labels))
            QVERIFY2(!text.contains(QStringLiteral("_")) && text != QStringLiteral("null"),
                     qPrintable(text));
    }

    /// N8: at narrow widths the filter box kept a usable width, the status bar text gave way
    /// with "…" and its whole text in a tooltip; "23345 rows" had no digit grouping; "last sync"
    /// grew while connected and idle though pulls reached central.
    void statusBarAndFilterAtNarrowWidths()
    {
        const QSize size = m_window->size();
        m_window->resize(640, 600);
        showTab(QStringLiteral("files"));
        QCoreApplication::processEvents();
        QLineEdit *filter = view("files")->filterEdit();
        QTRY_VERIFY(filter->width() >= filter->fontMetrics().averageCharWidth() * 20);
        auto *status = m_window->findChild<QLabel *>(QStringLiteral("centralStatus"));
        QTRY_VERIFY(!status->text().isEmpty());
        QCOMPARE(status->toolTip(), status->text());
        QVERIFY(status->minimumSizeHint().width() <
                status->fontMetrics().horizontalAdvance(status->text()) / 2);
        m_window->resize(size);

        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(QCoreApplication::translate("ops::RecordView", "%Ln row(s)", "", 23345),
                 QStringLiteral("23,345 rows"));
        QLocale::setDefault(before);

        // Connected and idle: the last batch applied 10 min ago, the last pull a moment ago.
        const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1000;
        m_settings.sync->update([&](SyncStatus::Snapshot &s) {
            s.central = SyncStatus::Central::Connected;
            s.state = QStringLiteral("idle");
            s.lastSuccess = timestamps::format(now - 600LL * 1000000);
            s.lastPullMicros = now;
        });
        auto *lastSync = m_window->findChild<QLabel *>(QStringLiteral("lastSync"));
        QTRY_VERIFY2(lastSync->isVisible() && lastSync->text().contains(QStringLiteral(" s ago")),
                     qPrintable(lastSync->text()));
        m_settings.sync->update([](SyncStatus::Snapshot &s) {
            s = SyncStatus::Snapshot{}; // not configured again, for the tests after
        });
    }

    /// WCAG's contrast ratio of two colours.
    static double contrast(const QColor &a, const QColor &b)
    {
        const auto luminance = [](const QColor &c) {
            const auto channel = [](double v) {
                return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
                   0.0722 * channel(c.blueF());
        };
        const double la = luminance(a), lb = luminance(b);
        return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
    }

    /// The night theme: chosen in Settings (saved as the config file's "theme", like --theme),
    /// dark and red-shifted, every text at 4.5:1 or more on its background, state colours too;
    /// failed and aborted differ in shape, not colour alone. Day comes back the same way.
    void nightThemeIsReadable()
    {
        const QStringList states{QStringLiteral("waiting"),     QStringLiteral("pending"),
                                 QStringLiteral("buffered"),    QStringLiteral("building"),
                                 QStringLiteral("scheduled"),   QStringLiteral("transferring"),
                                 QStringLiteral("in_progress"), QStringLiteral("running"),
                                 QStringLiteral("archived"),    QStringLiteral("completed"),
                                 QStringLiteral("synced"),      QStringLiteral("failed"),
                                 QStringLiteral("aborted"),     QStringLiteral("cancelled"),
                                 QStringLiteral("unknown")};
        const QPalette dayPalette = QApplication::palette();
        whenDialog([](QWidget *d) {
            auto *theme = d->findChild<QComboBox *>(QStringLiteral("themeCombo"));
            QVERIFY(theme);
            theme->setCurrentIndex(theme->findData(QStringLiteral("night")));
            d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        });
        m_window->openSettings();
        QCOMPARE(QSettings(m_dir.filePath(QStringLiteral("opsconsole.ini")), QSettings::IniFormat)
                     .value(QStringLiteral("theme"))
                     .toString(),
                 QStringLiteral("night"));
        QCOMPARE(stateicons::theme(), stateicons::Theme::Night);
        const QPalette night = QApplication::palette();
        QTRY_COMPARE(m_window->palette().color(QPalette::Window), night.color(QPalette::Window));
        using R = QPalette::ColorRole;
        for (R role : {R::Window, R::Base, R::AlternateBase, R::Button, R::Highlight}) {
            const QColor c = night.color(role);
            QVERIFY2(c.lightness() < 80, qPrintable(c.name()));
            QVERIFY2(c.red() >= c.green() && c.red() >= c.blue(), qPrintable(c.name()));
        }
        for (const auto &[text, background] :
             {std::pair{R::WindowText, R::Window}, std::pair{R::Text, R::Base},
              std::pair{R::Text, R::AlternateBase}, std::pair{R::ButtonText, R::Button},
              std::pair{R::HighlightedText, R::Highlight},
              std::pair{R::ToolTipText, R::ToolTipBase}, std::pair{R::PlaceholderText, R::Base}}) {
            const QColor ink = night.color(text);
            QVERIFY2(ink.red() >= ink.green() && ink.red() >= ink.blue(), qPrintable(ink.name()));
            QVERIFY2(contrast(ink, night.color(background)) >= 4.5,
                     qPrintable(QStringLiteral("%1 on %2: %3")
                                    .arg(ink.name(), night.color(background).name())
                                    .arg(contrast(ink, night.color(background)))));
        }
        const auto statesReadableOn = [&](const QPalette &palette) {
            for (const QString &state : states)
                for (R background : {R::Base, R::AlternateBase, R::Window}) {
                    const double ratio =
                        contrast(stateicons::colour(state), palette.color(background));
                    QVERIFY2(ratio >= 4.5,
                             qPrintable(QStringLiteral("%1 on %2: %3")
                                            .arg(state, palette.color(background).name())
                                            .arg(ratio)));
                }
        };
        statesReadableOn(night);
        for (const QString &state : states) {
            const QColor c = stateicons::colour(state);
            QVERIFY2(c.red() >= c.green() && c.red() >= c.blue(), qPrintable(state)); // red-shifted
        }
        const auto shape = [](const QString &state) {
            const QImage image = stateicons::icon(state).pixmap(24).toImage();
            QList<bool> mask;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    mask << (qAlpha(image.pixel(x, y)) > 127);
            return mask;
        };
        QVERIFY(shape(QStringLiteral("failed")) != shape(QStringLiteral("aborted")));
        // N5: the health panel's coloured state too ("degraded" was #8A4B00 on #3B221E, 2.15:1),
        // as the label shows it on the panel's own background.
        auto *health = m_window->findChild<HealthPanel *>();
        QVERIFY(health);
        const auto healthReadable = [&] {
            for (const QString &status : {QStringLiteral("healthy"), QStringLiteral("degraded"),
                                          QStringLiteral("unhealthy")}) {
                health->setReport({{QStringLiteral("status"), status}}, 0);
                auto *label = health->findChild<QLabel *>(QStringLiteral("health_status"));
                const QColor shown = HealthPanel::statusColour(status);
                QVERIFY2(label->styleSheet().contains(shown.name()),
                         qPrintable(label->styleSheet()));
                const QColor background = QApplication::palette(health).color(QPalette::Window);
                QVERIFY2(contrast(shown, background) >= 4.5,
                         qPrintable(QStringLiteral("%1: %2 on %3: %4")
                                        .arg(status, shown.name(), background.name())
                                        .arg(contrast(shown, background))));
            }
        };
        healthReadable();
        // The backlog's two lines differ in style, not in colour alone.
        auto *backlog = m_window->findChild<BacklogChart *>();
        QList<Qt::PenStyle> styles;
        for (QAbstractSeries *series : backlog->chart()->series())
            if (auto *line = qobject_cast<QLineSeries *>(series))
                styles << line->pen().style();
        QCOMPARE(styles.size(), 3);
        QVERIFY(styles[0] != styles[1] && styles[1] != styles[2] && styles[0] != styles[2]);

        SettingsDialog::applyTheme(QStringLiteral("day"));
        QCOMPARE(stateicons::theme(), stateicons::Theme::Day);
        QCOMPARE(QApplication::palette().color(QPalette::Base), dayPalette.color(QPalette::Base));
        statesReadableOn(QApplication::palette());
        QVERIFY(shape(QStringLiteral("failed")) != shape(QStringLiteral("aborted")));
        healthReadable();
    }

    void settingsSaveAndTokens()
    {
        QString secret;
        bool saved = false;
        whenDialog(
            [&](QWidget *d) {
                d->findChild<QLineEdit *>(QStringLiteral("tokenNameEdit"))
                    ->setText(QStringLiteral("primecam-daq"));
                d->findChild<QLineEdit *>(QStringLiteral("tokenScopesEdit"))
                    ->setText(QStringLiteral("read,write:files"));
                whenDialog(
                    [&, d](QWidget *shown) {
                        secret = qobject_cast<QInputDialog *>(shown)->textValue();
                        qobject_cast<QInputDialog *>(shown)->accept();
                        d->findChild<QLineEdit *>(QStringLiteral("centralEdit"))
                            ->setText(QStringLiteral("host=central.example dbname=opsdb"));
                        d->findChild<QLineEdit *>(QStringLiteral("siteEdit"))
                            ->setText(QStringLiteral("cologne"));
                        d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
                        saved = true;
                    },
                    "QInputDialog");
                d->findChild<QPushButton *>(QStringLiteral("createTokenButton"))->click();
            },
            "ops::SettingsDialog");
        m_window->findChild<QAction *>(QStringLiteral("actionSettings"))->trigger();
        QVERIFY(saved);
        QVERIFY(secret.startsWith(QStringLiteral("ops_")));
        const auto token = TokenStore(m_buffer.database()).authenticate(secret);
        QVERIFY(token.has_value());
        QCOMPARE(token->name, QStringLiteral("primecam-daq"));
        QCOMPARE(token->scopes,
                 (QStringList{QStringLiteral("read"), QStringLiteral("write:files")}));
        QSettings ini(m_dir.filePath(QStringLiteral("opsconsole.ini")), QSettings::IniFormat);
        QCOMPARE(ini.value(QStringLiteral("central")).toString(),
                 QStringLiteral("host=central.example dbname=opsdb"));
        QCOMPARE(ini.value(QStringLiteral("site")).toString(), QStringLiteral("cologne"));
    }

    void settingsRefuseAConninfoTheStartWouldRefuse()
    {
        // N1: a malformed central address was saved, and the next start exited 2 with stderr
        // only. Save now runs the start-up's own check and refuses, naming the field.
        const QString ini = m_dir.filePath(QStringLiteral("opsconsole.ini"));
        const QString before =
            QSettings(ini, QSettings::IniFormat).value(QStringLiteral("central")).toString();
        QString refusal;
        bool stillOpen = false;
        whenDialog(
            [&](QWidget *d) {
                d->findChild<QLineEdit *>(QStringLiteral("centralEdit"))
                    ->setText(QStringLiteral("host=central.ccat dbname=ops user=ops port=54 32"));
                whenDialog(
                    [&, d](QWidget *shown) {
                        refusal = qobject_cast<QMessageBox *>(shown)->text();
                        stillOpen = d->isVisible();
                        qobject_cast<QMessageBox *>(shown)->accept();
                        qobject_cast<QDialog *>(d)->reject();
                    },
                    "QMessageBox");
                d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
            },
            "ops::SettingsDialog");
        m_window->findChild<QAction *>(QStringLiteral("actionSettings"))->trigger();
        QVERIFY2(refusal.startsWith(QStringLiteral("Central database: ")), qPrintable(refusal));
        QVERIFY2(refusal.contains(QStringLiteral("32")), qPrintable(refusal)); // libpq's reason
        QVERIFY(stillOpen);
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value(QStringLiteral("central")).toString(),
                 before);
        QVERIFY(conninfoProblem(QStringLiteral("host=a dbname=b port=5432")).isEmpty());
        QVERIFY(conninfoProblem(QStringLiteral("postgresql://ops@central/opsdb")).isEmpty());
    }

    void actionsActOnTheVisibleSelection()
    {
        // D1: a selection left in a hidden tab never lends itself to an action. Select a file in
        // the Files view, go to the night log, select three other files there: the package holds
        // exactly those three. Then a stale current row in the Packages tab is not what Finalize
        // acts on from the night log's packages pane.
        const QString obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 4242}}, QStringLiteral("t"))
                ->id;
        QJsonArray files;
        for (int i = 0; i < 6; ++i)
            files.append(fileSpec(obs,
                                  QStringLiteral("live/det%1.fits").arg(i, 4, 10, QLatin1Char('0')),
                                  1000 * (i + 1)));
        QVERIFY(m_ops->registerFiles(files, QStringLiteral("t")).ok());
        BufferProbe probe(m_path);
        const auto fileId = [&](int i) {
            return probe
                .scalar(
                    QStringLiteral("SELECT id FROM raw_data_file WHERE executed_obs_unit_id = ? "
                                   "AND relative_path = ?"),
                    {obs, QStringLiteral("live/det%1.fits").arg(i, 4, 10, QLatin1Char('0'))})
                .toString();
        };
        // An older building package, left current in the Packages tab.
        const QString stale =
            m_ops
                ->createPackage(
                    {{QStringLiteral("name"), QStringLiteral("stale-building")},
                     {QStringLiteral("executed_obs_unit_id"), obs},
                     {QStringLiteral("instrument_module"), QStringLiteral("primecam-280")},
                     {QStringLiteral("file_ids"), QJsonArray{fileId(5)}}},
                    QStringLiteral("t"))
                ->id;

        showTab(QStringLiteral("packages"));
        click(view("packages"), stale);
        showTab(QStringLiteral("files"));
        click(view("files"), fileId(1));
        QCOMPARE(m_window->activeView(), view("files"));

        showTab(QStringLiteral("nightLog"));
        click(view("nightLog"), obs);
        QCOMPARE(m_window->activeView(), view("nightLog"));
        QVERIFY(!action("actionCreatePackage")->isEnabled()); // the files tab is hidden now
        RecordView *nightFiles = view("nightFiles");
        click(nightFiles, fileId(3));
        click(nightFiles, fileId(4), Qt::ControlModifier);
        click(nightFiles, fileId(5), Qt::ControlModifier); // already in a package
        QVERIFY(!action("actionCreatePackage")->isEnabled());
        QVERIFY2(action("actionCreatePackage")->statusTip().contains(QStringLiteral("already")),
                 qPrintable(action("actionCreatePackage")->statusTip()));
        click(nightFiles, fileId(5), Qt::ControlModifier, false); // deselect it again
        click(nightFiles, fileId(2), Qt::ControlModifier);
        QCOMPARE(m_window->activeView(), nightFiles);
        QVERIFY(action("actionCreatePackage")->isEnabled());
        QString label;
        whenDialog([&](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            label = input->labelText();
            input->setTextValue(QStringLiteral("pkg-visible"));
            input->accept();
        });
        QVERIFY(perform("actionCreatePackage"));
        QVERIFY2(label.contains(QStringLiteral("3 file")) &&
                     label.contains(QStringLiteral("live/det0002.fits")) &&
                     !label.contains(QStringLiteral("det0001")),
                 qPrintable(label));
        const QString visible =
            probe
                .scalar(
                    QStringLiteral("SELECT id FROM raw_data_package WHERE name = 'pkg-visible'"))
                .toString();
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT group_concat(relative_path, ',') FROM (SELECT "
                                            "relative_path FROM raw_data_file WHERE "
                                            "raw_data_package_id = ? ORDER BY relative_path)"),
                             {visible})
                     .toString(),
                 QStringLiteral("live/det0002.fits,live/det0003.fits,live/det0004.fits"));
        QVERIFY(probe
                    .scalar(QStringLiteral(
                                "SELECT raw_data_package_id FROM raw_data_file WHERE id = ?"),
                            {fileId(1)})
                    .isNull());

        // Finalize from the night log's packages pane: the package shown there, named in the
        // confirmation; the stale row of the hidden Packages tab stays building.
        auto *detail = view("nightPackages")->parentWidget();
        while (detail && !qobject_cast<QTabWidget *>(detail))
            detail = detail->parentWidget();
        qobject_cast<QTabWidget *>(detail)->setCurrentWidget(view("nightPackages"));
        click(view("nightPackages"), visible);
        QString shown;
        whenDialog([&](QWidget *d) {
            auto *box = qobject_cast<QMessageBox *>(d);
            shown = box->text();
            box->button(QMessageBox::Yes)->click();
        });
        QVERIFY(perform("actionFinalize"));
        QVERIFY2(shown.contains(QStringLiteral("pkg-visible")) &&
                     !shown.contains(QStringLiteral("stale")),
                 qPrintable(shown));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status FROM raw_data_package WHERE id = ?"),
                             {visible})
                     .toString(),
                 QStringLiteral("complete"));
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT status FROM raw_data_package WHERE id = ?"), {stale})
                .toString(),
            QStringLiteral("building"));
        // Finalize on a complete package is greyed out.
        QVERIFY(QTest::qWaitFor([&] { return !action("actionFinalize")->isEnabled(); }, 5000));

        // Cancel on a finished job is greyed out.
        const QString job =
            m_ops
                ->requestStaging({{QStringLiteral("raw_data_package_ids"), QJsonArray{visible}},
                                  {QStringLiteral("destination"), QStringLiteral("elsewhere")}},
                                 QStringLiteral("t"))
                ->id;
        showTab(QStringLiteral("staging"));
        click(view("staging"), job);
        QVERIFY(action("actionCancelStaging")->isEnabled());
        QSqlQuery done(m_buffer.database());
        QVERIFY(
            done.exec(QStringLiteral("UPDATE staging_job SET status = 'completed' WHERE id = '%1'")
                          .arg(job)));
        Q_EMIT BufferEvents::instance()->recordsChanged(QStringLiteral("staging_job"));
        QVERIFY(QTest::qWaitFor([&] { return !action("actionCancelStaging")->isEnabled(); }, 5000));
    }

    void nightRollsOverAtNoon()
    {
        // D3 and D7: a console whose clock stands at 11:59:50 site time shows the night that began
        // yesterday; at noon it follows the new night by itself, shows an observation started at
        // 12:00:05, and the detail panes no longer show the old night's files. N3: an observation
        // of the old night still running stays in tonight's view (and counts as running) until it
        // is finished; a finished one goes.
        const QTimeZone zone(QByteArrayLiteral("America/Santiago"));
        const QDateTime before(QDate(2026, 6, 15), QTime(11, 59, 50), zone);
        ManualClock clock(before.toMSecsSinceEpoch() * 1000);
        const QString morning =
            m_ops
                ->startObservation(
                    {{QStringLiteral("obs_unit_id"), 5100},
                     {QStringLiteral("start_time"),
                      QDateTime(QDate(2026, 6, 15), QTime(4, 0), zone).toString(Qt::ISODate)}},
                    QStringLiteral("t"))
                ->id;
        QVERIFY(m_ops->finishObservation(morning, {}, QStringLiteral("t")).ok());
        const QString stillRunning =
            m_ops
                ->startObservation(
                    {{QStringLiteral("obs_unit_id"), 5102},
                     {QStringLiteral("start_time"),
                      QDateTime(QDate(2026, 6, 15), QTime(9, 30), zone).toString(Qt::ISODate)}},
                    QStringLiteral("t"))
                ->id;
        QVERIFY(m_ops
                    ->registerFiles(QJsonArray{fileSpec(morning, QStringLiteral("m/a.fits"), 10)},
                                    QStringLiteral("t"))
                    .ok());
        DeskSettings settings;
        settings.bufferPath = m_path;
        settings.site = SiteSettings{QStringLiteral("ccat"), 1000000};
        settings.operatorName = QStringLiteral("noon");
        settings.sync = std::make_shared<SyncStatus>();
        settings.clock = &clock;
        MainWindow window(settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.shownNight(), QDate(2026, 6, 14));
        QVERIFY(window.followsTonight());
        auto *log = window.findChild<RecordView *>(QStringLiteral("nightLog"));
        auto *files = window.findChild<RecordView *>(QStringLiteral("nightFiles"));
        QVERIFY(QTest::qWaitFor([&] { return log->model()->rowOf(morning) >= 0; }, 10000));
        log->selectId(morning);
        QVERIFY(QTest::qWaitFor([&] { return files->model()->rowCount() == 1; }, 10000));

        const QString noon =
            m_ops
                ->startObservation(
                    {{QStringLiteral("obs_unit_id"), 5101},
                     {QStringLiteral("start_time"),
                      QDateTime(QDate(2026, 6, 15), QTime(12, 0, 5), zone).toString(Qt::ISODate)}},
                    QStringLiteral("t"))
                ->id;
        clock.set(QDateTime(QDate(2026, 6, 15), QTime(12, 0, 6), zone).toMSecsSinceEpoch() * 1000);
        QVERIFY(QTest::qWaitFor([&] { return log->model()->rowOf(noon) >= 0; }, 5000));
        QCOMPARE(window.shownNight(), QDate(2026, 6, 15));
        QCOMPARE(log->model()->rowOf(morning), -1);
        QCOMPARE(files->model()->rowCount(), 0);
        QVERIFY(files->currentRecord().isEmpty());
        QVERIFY(log->model()->rowOf(stillRunning) >= 0);
        auto *summary = window.findChild<QLabel *>(QStringLiteral("nightSummary"));
        QVERIFY(summary);
        QTRY_VERIFY2(summary->text().contains(QStringLiteral("2 running")), // and the noon one
                     qPrintable(summary->text()));
        // Finished, it stays with its own night.
        QVERIFY(m_ops->finishObservation(stillRunning, {}, QStringLiteral("t")).ok());
        QTRY_COMPARE(log->model()->rowOf(stillRunning), -1);
        // A night looked back at shows its own observations, whatever runs now.
        const QString running2 =
            m_ops
                ->startObservation(
                    {{QStringLiteral("obs_unit_id"), 5103},
                     {QStringLiteral("start_time"),
                      QDateTime(QDate(2026, 6, 15), QTime(10, 0), zone).toString(Qt::ISODate)}},
                    QStringLiteral("t"))
                ->id;
        QTRY_VERIFY(log->model()->rowOf(running2) >= 0);
        window.findChild<QDateEdit *>()->setDate(QDate(2026, 6, 13));
        QTRY_COMPARE(window.shownNight(), QDate(2026, 6, 13));
        QTRY_COMPARE(log->model()->rowOf(running2), -1);
    }

    void filterAndSortReachRowsNeverLoaded()
    {
        // D2: filtering and sorting run in SQL over every row, not over the pages loaded.
        const QString obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 6000}}, QStringLiteral("t"))
                ->id;
        QJsonArray bulk;
        for (int i = 0; i < 100000; ++i)
            bulk.append(fileSpec(obs,
                                 QStringLiteral("bulk/scan%1/f%2.dat")
                                     .arg(i / 1000, 3, 10, QLatin1Char('0'))
                                     .arg(i, 6, 10, QLatin1Char('0')),
                                 100 + i));
        QVERIFY(m_ops->registerFiles(bulk, QStringLiteral("t")).ok());
        BufferProbe probe(m_path);
        const QString deep =
            probe
                .scalar(QStringLiteral("SELECT id FROM raw_data_file WHERE relative_path = "
                                       "'bulk/scan099/f099999.dat'"))
                .toString();
        showTab(QStringLiteral("files"));
        RecordView *files = view("files");
        QVERIFY(QTest::qWaitFor(
            [&] { return files->model()->rowCount() >= RecordTableModel::kPageRows; }, 20000));
        QVERIFY(QTest::qWaitFor([&] { return !files->model()->isLoading(); }, 20000));
        QCOMPARE(files->model()->rowOf(deep), -1); // never loaded

        QTest::keyClicks(files->filterEdit(), QStringLiteral("scan099/f09999"));
        QVERIFY(QTest::qWaitFor([&] { return files->model()->rowCount() == 10; }, 10000));
        QVERIFY(files->model()->rowOf(deep) >= 0);
        auto *count = files->findChild<QLabel *>(QStringLiteral("filesCount"));
        QVERIFY(QTest::qWaitFor([&] { return count->text().startsWith(QStringLiteral("10 of ")); },
                                10000));

        // Sorting by size, largest first, over every row: the largest file was never loaded.
        files->filterEdit()->clear();
        QTest::keyClick(files->filterEdit(), Qt::Key_Return);
        files->view()->sortByColumn(2, Qt::DescendingOrder);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return files->model()->record(0).value(QLatin1StringView("id")).toString() == deep;
            },
            10000));
        // A quick filter counts and narrows in SQL too.
        auto *unpackaged = files->findChild<QToolButton *>(QStringLiteral("filesQuick_unpackaged"));
        QVERIFY(unpackaged);
        unpackaged->click();
        const qint64 expected =
            probe
                .scalar(QStringLiteral(
                    "SELECT count(*) FROM raw_data_file WHERE raw_data_package_id IS NULL"))
                .toLongLong();
        QVERIFY(
            QTest::qWaitFor([&] { return files->model()->counts().matching == expected; }, 10000));
        QVERIFY2(unpackaged->text().endsWith(QLocale().toString(expected)),
                 qPrintable(unpackaged->text()));
        files->view()->sortByColumn(-1, Qt::AscendingOrder);
        files->findChild<QToolButton *>(QStringLiteral("filesQuick_all"))->click();
    }

    void cleanupTestCase() { m_window.reset(); }

    /// D10: the sorted column and the splitters survive a restart (widths and the tab did).
    void sortAndSplittersRememberedAcrossRestart()
    {
        QList<int> sizes;
        {
            MainWindow first(m_settings);
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            auto *files = first.findChild<RecordView *>(QStringLiteral("files"));
            files->view()->sortByColumn(1, Qt::DescendingOrder);
            auto *split = first.findChild<QSplitter *>(QStringLiteral("nightSplit"));
            QVERIFY(split);
            const int total =
                split->sizes().value(0) + split->sizes().value(1) + split->sizes().value(2);
            split->setSizes({total / 2, total / 3, total - total / 2 - total / 3});
            sizes = split->sizes();
            first.close();
        }
        MainWindow second(m_settings);
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        const QHeaderView *header =
            second.findChild<RecordView *>(QStringLiteral("files"))->view()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), 1);
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(second.findChild<QSplitter *>(QStringLiteral("nightSplit"))->sizes(), sizes);
    }

    /// D19: columns fit what they hold when the data changes, except one the operator sized.
    void columnsFitNewDataButKeepTheOperatorsWidth()
    {
        showTab(QStringLiteral("files"));
        RecordView *files = view("files");
        QHeaderView *header = files->view()->horizontalHeader();
        int pathColumn = -1;
        for (int c = 0; c < files->model()->columnCount(); ++c)
            if (files->model()->headerData(c, Qt::Horizontal).toString() ==
                QLatin1StringView("Path"))
                pathColumn = c;
        QVERIFY(pathColumn >= 0);
        const int sized = pathColumn == 0 ? 1 : 0;
        header->resizeSection(sized, 37); // the operator's hand
        const auto obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 4242}}, QStringLiteral("t"));
        const QString longPath =
            QStringLiteral("fit/") + QString(60, QLatin1Char('w')) + QStringLiteral(".fits");
        QVERIFY(
            m_ops
                ->registerFiles(QJsonArray{QJsonObject{
                                    {QStringLiteral("executed_obs_unit_id"), obs->id},
                                    {QStringLiteral("instrument_module"), QStringLiteral("m")},
                                    {QStringLiteral("relative_path"), longPath},
                                    {QStringLiteral("size_bytes"), 1},
                                    {QStringLiteral("checksum"), QString(64, QLatin1Char('a'))}}},
                                QStringLiteral("t"))
                .ok());
        Q_EMIT BufferEvents::instance()->recordsChanged(QStringLiteral("raw_data_file"));
        const int wanted = std::min(RecordView::kMaxFittedWidth,
                                    files->view()->fontMetrics().horizontalAdvance(longPath));
        QVERIFY2(
            QTest::qWaitFor([&] { return header->sectionSize(pathColumn) >= wanted; }, 10000),
            qPrintable(QStringLiteral("%1 < %2").arg(header->sectionSize(pathColumn)).arg(wanted)));
        QCOMPARE(header->sectionSize(sized), 37);
        // A cut-off cell shows its whole text as a tooltip.
        for (int row = 0; row < files->model()->rowCount(); ++row)
            if (files->model()->record(row).value(QLatin1StringView("relative_path")) == longPath)
                QCOMPARE(files->model()->index(row, pathColumn).data(Qt::ToolTipRole).toString(),
                         longPath);
    }

    /// D24: Events keep the time on one line and can be filtered.
    void eventsFilterAndTimeOnOneLine()
    {
        auto *events = m_window->findChild<QTableView *>(QStringLiteral("eventsTable"));
        auto *shown = qobject_cast<QSortFilterProxyModel *>(events->model());
        auto *log = qobject_cast<EventLogModel *>(shown->sourceModel());
        log->append(QStringLiteral("synced"), QStringLiteral("needle one"));
        log->append(QStringLiteral("synced"), QStringLiteral("haystack"));
        log->append(QStringLiteral("failed"), QStringLiteral("NEEDLE two"));
        QVERIFY(!events->wordWrap());
        const QString when = log->index(log->rowCount() - 1, EventLogModel::Time).data().toString();
        QVERIFY(events->columnWidth(EventLogModel::Time) >=
                events->fontMetrics().horizontalAdvance(when));
        auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("eventsFilter"));
        QVERIFY(filter);
        filter->setText(QStringLiteral("needle"));
        QCOMPARE(shown->rowCount(), 2);
        filter->clear();
        QCOMPARE(shown->rowCount(), log->rowCount());
    }

    /// Issue 10 and D24: a text size in Settings, at once and remembered; the token fields wide
    /// enough for what they hold.
    void textSizeAndTokenFields()
    {
        const int before = QApplication::font().pointSize();
        const int chosen = before + 5;
        // Rows in the Sync view and in Events, fitted at the text size before.
        QVERIFY(
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 4343}}, QStringLiteral("t")));
        QTableView *sync = view("sync")->view();
        QTRY_VERIFY(sync->model()->rowCount() > 0);
        auto *events = m_window->findChild<QTableView *>(QStringLiteral("eventsTable"));
        qobject_cast<EventLogModel *>(
            qobject_cast<QSortFilterProxyModel *>(events->model())->sourceModel())
            ->append(QStringLiteral("cancelled"), QStringLiteral("text size"));
        whenDialog([chosen](QWidget *d) {
            auto *scopes = d->findChild<QLineEdit *>(QStringLiteral("tokenScopesEdit"));
            auto *name = d->findChild<QLineEdit *>(QStringLiteral("tokenNameEdit"));
            QVERIFY(scopes && name);
            QVERIFY(scopes->width() >= scopes->fontMetrics().horizontalAdvance(scopes->text()));
            QVERIFY(name->width() >=
                    name->fontMetrics().horizontalAdvance(name->placeholderText()));
            auto *size = d->findChild<QSpinBox *>(QStringLiteral("fontSizeSpin"));
            QVERIFY(size);
            size->setValue(chosen);
            d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        });
        m_window->openSettings();
        QCOMPARE(QApplication::font().pointSize(), chosen);
        QCOMPARE(SettingsDialog::fontPoints(), chosen);
        QTableView *table = view("files")->view();
        QTRY_COMPARE(table->font().pointSize(), chosen);
        QVERIFY(table->verticalHeader()->defaultSectionSize() >= table->fontMetrics().height());
        // D19: the columns fit the new text at once, with no data change ("compl…").
        const auto fits = [](QTableView *t, int column) {
            return t->horizontalHeader()->sectionSize(column) >=
                   std::min(RecordView::kMaxFittedWidth,
                            static_cast<QAbstractItemView *>(t)->sizeHintForColumn(column));
        };
        for (int c = 0; c < sync->model()->columnCount() - 1; ++c)
            QTRY_VERIFY2(
                fits(sync, c),
                qPrintable(QStringLiteral("column %1: %2 < %3")
                               .arg(c)
                               .arg(sync->columnWidth(c))
                               .arg(static_cast<QAbstractItemView *>(sync)->sizeHintForColumn(c))));
        showTab(QStringLiteral("eventsTable"));
        QTRY_VERIFY2(
            fits(events, EventLogModel::Time) && fits(events, EventLogModel::Kind),
            qPrintable(QStringLiteral("%1 < %2 or %3 < %4")
                           .arg(events->columnWidth(EventLogModel::Time))
                           .arg(static_cast<QAbstractItemView *>(events)->sizeHintForColumn(
                               EventLogModel::Time))
                           .arg(events->columnWidth(EventLogModel::Kind))
                           .arg(static_cast<QAbstractItemView *>(events)->sizeHintForColumn(
                               EventLogModel::Kind))));
        SettingsDialog::applyFontPoints(before);
        QSettings().remove(QStringLiteral("appearance"));
        QCOMPARE(SettingsDialog::fontPoints(), before);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
