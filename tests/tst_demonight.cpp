// The demo night is real data: every row of it passes the domain rules, and it has what the
// console must show (several modules, a few hundred observations, tens of thousands of files,
// packages and staging jobs in several states, pending work and one dead letter).
#include "buffer.h"
#include "demonight.h"
#include "mergedreader.h"
#include "observation.h"
#include "rawdatafile.h"
#include "schema.h"
#include "stagingjob.h"
#include "testsupport.h"
#include "timestamps.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestDemoNight : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void demoNightPassesTheRules()
    {
        QTemporaryDir dir;
        Buffer buffer;
        QVERIFY(buffer.open(dir.filePath(QStringLiteral("demo.sqlite")), Buffer::Role::Owner).ok());
        const QTimeZone zone(QByteArrayLiteral("America/Santiago"));
        const SiteSettings site;
        const auto demo =
            fillDemoNight(buffer, site, zone, *timestamps::parse(u"2026-11-27T17:00:00Z"));
        QVERIFY2(demo.ok(), demo ? "" : qPrintable(demo.error().message));
        QVERIFY(demo->observations >= 150);
        QVERIFY(demo->files >= 15000);
        MergedReader reader(buffer.database());
        const QJsonArray night =
            reader.nightLog(timestamps::nightWindow(demo->night, zone), QString(), 10000, 0);
        QCOMPARE(night.size(), qsizetype(demo->observations));
        QSet<QString> modules;
        for (const QJsonValue &v : night) {
            const QJsonObject o = v.toObject();
            QVERIFY(
                observation::kStatuses.contains(o.value(QLatin1StringView("status")).toString()));
            if (!o.value(QLatin1StringView("end_time")).isNull())
                QVERIFY(o.value(QLatin1StringView("end_time")).toString() >=
                        o.value(QLatin1StringView("start_time")).toString());
            modules.insert(o.value(QLatin1StringView("obs_info"))
                               .toObject()
                               .value(QLatin1StringView("instrument_module"))
                               .toString());
        }
        QVERIFY(modules.size() >= 3);
        const QJsonArray files = reader.select(schema::kFile, {}, {}, {}, 100000, 0);
        QCOMPARE(files.size(), qsizetype(demo->files));
        for (const QJsonValue &v : files) {
            const QJsonObject f = v.toObject();
            QVERIFY(rawdatafile::pathProblem(f.value(QLatin1StringView("relative_path")).toString())
                        .isEmpty());
            QVERIFY(rawdatafile::checksumProblem(
                        f.value(QLatin1StringView("checksum_algorithm")).toString(),
                        f.value(QLatin1StringView("checksum")).toString())
                        .isEmpty());
            QVERIFY(f.value(QLatin1StringView("size_bytes")).toInteger() >= 0);
        }
        testsupport::BufferProbe probe(buffer.path());
        // Packages: one observation and module each, totals equal to their files, under the limit.
        QCOMPARE(probe.count(QStringLiteral("raw_data_package p"),
                             QStringLiteral(
                                 "total_size_bytes != (SELECT sum(size_bytes) FROM raw_data_file f "
                                 "WHERE f.raw_data_package_id = p.id) OR total_size_bytes > ?"),
                             {site.maxPackageBytes}),
                 0);
        QCOMPARE(probe.count(
                     QStringLiteral(
                         "raw_data_file f JOIN raw_data_package p ON p.id = f.raw_data_package_id"),
                     QStringLiteral("f.instrument_module != p.instrument_module OR "
                                    "f.executed_obs_unit_id != p.executed_obs_unit_id")),
                 0);
        QVERIFY(probe
                    .scalar(QStringLiteral(
                        "SELECT count(DISTINCT transfer_state) FROM raw_data_package"))
                    .toInt() >= 3);
        QVERIFY(probe.scalar(QStringLiteral("SELECT count(DISTINCT status) FROM staging_job"))
                    .toInt() >= 3);
        // Every staging job of the demo is in a state the contract knows.
        for (const QJsonValue &job : reader.select(schema::kStagingJob, {}, {}, {}, 10000, 0))
            QVERIFY2(stagingjob::kStatuses.contains(
                         job.toObject().value(QLatin1StringView("status")).toString()),
                     qPrintable(job.toObject().value(QLatin1StringView("status")).toString()));
        QCOMPARE(probe.count(QStringLiteral("outbox"), QStringLiteral("state = 'failed'")), 1);
        QVERIFY(probe.count(QStringLiteral("outbox"), QStringLiteral("state = 'pending'")) >= 2);
    }
};

QTEST_GUILESS_MAIN(TestDemoNight)
#include "tst_demonight.moc"
