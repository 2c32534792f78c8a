// The demo night is real data: every row of it passes the domain rules, and it has what the
// console must show (several modules, a few hundred observations, tens of thousands of files,
// packages and staging jobs in several states, pending work and one dead letter).
#include "buffer.h"
#include "demonight.h"
#include "mergedreader.h"
#include "observation.h"
#include "outbox.h"
#include "rawdatafile.h"
#include "schema.h"
#include "stagingjob.h"
#include "testsupport.h"
#include "timestamps.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {
// What the README's operator guide says of `opsconsole --demo`.
constexpr int kReadmeObservations = 202;
constexpr int kReadmeFiles = 23345;
} // namespace

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
        // "In every state", as the README says: each state named, not a count of them.
        const auto states = [&](const char *sql) {
            return probe.scalar(QString::fromLatin1(sql)).toString().split(QLatin1Char(','));
        };
        QCOMPARE(states("SELECT group_concat(s) FROM (SELECT DISTINCT status AS s FROM "
                        "executed_obs_unit ORDER BY s)"),
                 (QStringList{QStringLiteral("aborted"), QStringLiteral("completed"),
                              QStringLiteral("failed"), QStringLiteral("running")}));
        QCOMPARE(states("SELECT group_concat(s) FROM (SELECT DISTINCT transfer_state AS s FROM "
                        "raw_data_package ORDER BY s)"),
                 (QStringList{QStringLiteral("archived"), QStringLiteral("failed"),
                              QStringLiteral("transferring"), QStringLiteral("waiting")}));
        QCOMPARE(states("SELECT group_concat(s) FROM (SELECT DISTINCT status AS s FROM "
                        "staging_job ORDER BY s)"),
                 (QStringList{QStringLiteral("completed"), QStringLiteral("failed"),
                              QStringLiteral("in_progress"), QStringLiteral("pending"),
                              QStringLiteral("scheduled")}));
        // Every staging job of the demo is in a state the contract knows.
        for (const QJsonValue &job : reader.select(schema::kStagingJob, {}, {}, {}, 10000, 0))
            QVERIFY2(stagingjob::kStatuses.contains(
                         job.toObject().value(QLatin1StringView("status")).toString()),
                     qPrintable(job.toObject().value(QLatin1StringView("status")).toString()));
        QCOMPARE(probe.count(QStringLiteral("outbox"), QStringLiteral("state = 'failed'")), 1);
        QVERIFY(probe.count(QStringLiteral("outbox"), QStringLiteral("state = 'pending'")) >= 2);
    }

    void sameWholeNightAtAnyHour_data()
    {
        QTest::addColumn<QString>("now");
        // Site time America/Santiago (UTC-3 in November): 00:00, 03:00, 09:00, 15:00, 21:00.
        QTest::newRow("midnight") << "2026-11-28T03:00:00Z";
        QTest::newRow("03:00") << "2026-11-28T06:00:00Z";
        QTest::newRow("09:00") << "2026-11-28T12:00:00Z";
        QTest::newRow("15:00") << "2026-11-28T18:00:00Z";
        QTest::newRow("21:00") << "2026-11-29T00:00:00Z";
    }
    void sameWholeNightAtAnyHour()
    {
        // D11: what the README says of the demo (its numbers) holds at any hour: a whole night,
        // never one cut at "now"; its backlog plot ends in what the status bar says; and the
        // refused finish, once discarded, leaves the observation as central holds it (aborted).
        QFETCH(QString, now);
        const qint64 nowMicros = *timestamps::parse(now);
        QTemporaryDir dir;
        Buffer buffer;
        QVERIFY(buffer.open(dir.filePath(QStringLiteral("demo.sqlite")), Buffer::Role::Owner).ok());
        const QTimeZone zone(QByteArrayLiteral("America/Santiago"));
        const auto demo = fillDemoNight(buffer, SiteSettings{}, zone, nowMicros);
        QVERIFY2(demo.ok(), demo ? "" : qPrintable(demo.error().message));
        QCOMPARE(demo->observations, kReadmeObservations);
        QCOMPARE(demo->files, kReadmeFiles);
        testsupport::BufferProbe probe(buffer.path());
        QCOMPARE(probe.count(QStringLiteral("executed_obs_unit"),
                             QStringLiteral("start_time > ? OR end_time > ?"), {now, now}),
                 0);

        MergedReader reader(buffer.database());
        const BufferCounts counts = reader.counts();
        const auto samples =
            reader.backlogSince(timestamps::format(nowMicros - 24LL * 3600 * 1000000));
        QVERIFY(samples.size() > 200);
        QCOMPARE(samples.last().pending, counts.pending);
        QCOMPARE(samples.last().failed, counts.failed);
        QVERIFY(samples.last().oldestAgeSeconds < 3600);
        qint64 highest = 0;
        for (const MergedReader::BacklogSample &s : samples)
            highest = std::max(highest, s.pending);
        QVERIFY2(highest > 100, "the day's outage is in the plot");

        const QString refused = probe
                                    .scalar(QStringLiteral("SELECT id FROM outbox WHERE state = "
                                                           "'failed'"))
                                    .toString();
        const QString observation =
            probe
                .scalar(QStringLiteral("SELECT record_id FROM central_row WHERE table_name = "
                                       "'executed_obs_unit' AND row LIKE '%aborted%'"))
                .toString();
        QVERIFY(!observation.isEmpty());
        // N6: the refused finish ends where that observation ended, not at the demo's start, so
        // its bar does not cover the running obs 2999's on the same lane.
        const QString refusedEnd = reader.record(schema::kObservation, observation)
                                       .value_or(QJsonObject())
                                       .value(QLatin1StringView("end_time"))
                                       .toString();
        const QString runningStart =
            probe
                .scalar(QStringLiteral("SELECT start_time FROM executed_obs_unit WHERE "
                                       "obs_unit_id = 2999"))
                .toString();
        QVERIFY(!refusedEnd.isEmpty() && !runningStart.isEmpty());
        QVERIFY2(refusedEnd <= runningStart,
                 qPrintable(refusedEnd + QStringLiteral(" > ") + runningStart));
        QVERIFY(Outbox(buffer).discard(refused, QStringLiteral("central aborted it"),
                                       QStringLiteral("night-operator"), QStringLiteral("ccat")));
        const QJsonObject after =
            reader.record(schema::kObservation, observation).value_or(QJsonObject());
        QCOMPARE(after.value(QLatin1StringView("status")).toString(), QStringLiteral("aborted"));
        QCOMPARE(after.value(QLatin1StringView("sync_state")).toString(), QStringLiteral("synced"));
    }
};

QTEST_GUILESS_MAIN(TestDemoNight)
#include "tst_demonight.moc"
