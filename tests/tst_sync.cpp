// The sync engine against a real PostgreSQL (started by scripts/test.sh), through the real
// executable: drain, outage, server restart mid-batch, a crash at every step boundary of the sync
// loop, dead letters with dependants waiting, retry and discard, two consoles on one central, and
// changes made in central by someone else. Every test asserts on what central and the buffer hold.
#include "centralfixture.h"
#include "operations.h"
#include "syncengine.h"
#include "walsync.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

#include <unistd.h>

using namespace testsupport;

class TestSync : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_buffers = 0;

    QString newBuffer()
    {
        return m_dir.filePath(QStringLiteral("buffer-%1.sqlite").arg(++m_buffers));
    }

    /// Starts a console on `central`, with a token, migrating the schema.
    std::unique_ptr<Console> console(Central &central, const QString &buffer = {},
                                     const QByteArray &fault = {})
    {
        auto c = std::make_unique<Console>(buffer.isEmpty() ? newBuffer() : buffer);
        c->createToken();
        if (!c->start(central.conninfo(), {QStringLiteral("--migrate")}, fault))
            return nullptr;
        return c;
    }

    /// A complete package of `fileCount` new files of `observation`, staged to "ramses": returns
    /// {package id, staging job id}, or empty ids if a step was refused.
    static std::pair<QString, QString> stagedPackage(Console &desk, const QString &observation,
                                                     const QString &name, int fileCount)
    {
        const QStringList files = desk.files(observation, fileCount, name);
        const QString packageId =
            desk.http()
                .post(QStringLiteral("/raw_data_package"),
                      QJsonObject{{QStringLiteral("name"), name},
                                  {QStringLiteral("executed_obs_unit_id"), observation},
                                  {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                                  {QStringLiteral("file_ids"), QJsonArray::fromStringList(files)}})
                .object()
                .value(QLatin1StringView("id"))
                .toString();
        if (desk.http()
                .put(QStringLiteral("/raw_data_package/%1/finalize").arg(packageId), QJsonObject{})
                .status != 200)
            return {};
        const QString jobId =
            desk.http()
                .post(QStringLiteral("/staging/stage"),
                      QJsonObject{{QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
                                  {QStringLiteral("destination"), QStringLiteral("ramses")}})
                .object()
                .value(QLatin1StringView("id"))
                .toString();
        return {packageId, jobId};
    }

    /// Waits until the console holds the newest version of every row central holds now (the pull
    /// cursor itself may wait behind a gap in the sequence for a while).
    static bool pulledAll(Central &central, Console &desk, int timeoutMs = 20000)
    {
        const QString newest = QStringLiteral(
            "SELECT max(m) FROM (SELECT max(change_seq) m FROM %1executed_obs_unit UNION ALL "
            "SELECT "
            "max(change_seq) FROM %1raw_data_file UNION ALL SELECT max(change_seq) FROM "
            "%1raw_data_package UNION ALL SELECT max(change_seq) FROM %1staging_job UNION ALL "
            "SELECT max(change_seq) FROM %1staging_job_package) t");
        const qint64 last =
            central.value(newest.arg(QStringLiteral("opsdb.")).toLatin1()).toLongLong();
        return eventually(
            [&] {
                return BufferProbe(desk.bufferPath()).scalar(newest.arg(QString())).toLongLong() >=
                       last;
            },
            timeoutMs);
    }

    static bool eventually(const std::function<bool()> &condition, int timeoutMs = 20000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (condition())
                return true;
            QTest::qWait(200);
        }
        return condition();
    }

    /// Central aborts `observation` while the console is away; the console, started offline on
    /// its buffer, then finishes it: a change central will refuse for good. `offline` is left
    /// running.
    static bool finishWhatCentralAborted(Central &central, Console &offline,
                                         const QString &observation)
    {
        if (!central.exec("UPDATE opsdb.executed_obs_unit SET status = 'aborted', end_time = "
                          "now() WHERE id = '" +
                          observation.toLatin1() + "'"))
            return false;
        offline.createToken(QStringLiteral("offline"));
        return offline.start(QString()) &&
               offline.http()
                       .put(QStringLiteral("/executed_obs_units/%1/finish").arg(observation),
                            QJsonObject{})
                       .status == 200; // still running here
    }

    /// A file of `observation` with the client's own id.
    static QJsonObject fileWithId(const QString &observation, const QString &path,
                                  const QString &id)
    {
        QJsonObject file = fileBody(observation, path);
        file.insert(QStringLiteral("id"), id);
        return file;
    }

    /// Transactions the buffer ever acknowledged: waiting, dead-lettered and applied.
    static qint64 transactionsIn(const QString &buffer)
    {
        const BufferProbe probe(buffer);
        return probe.count(QStringLiteral("outbox")) +
               probe.count(QStringLiteral("outbox_history"));
    }

    /// A create sent, and its first answer.
    struct Sent
    {
        QString path;
        QJsonValue body;
        HttpResult first;
    };
    /// POSTs a create, keeping it in `sent` to be sent again later; returns the status.
    static int sendCreate(Console &desk, QList<Sent> &sent, const QString &path,
                          const QJsonValue &body)
    {
        sent.append({path, body, desk.http().post(path, body)});
        return sent.last().first.status;
    }
    /// POSTs every create again: each answered exactly as the first time.
    static void expectRepeats(Console &desk, const QList<Sent> &creates)
    {
        for (const auto &[path, body, first] : creates) {
            const auto again = desk.http().post(path, body);
            QVERIFY2(again.status == first.status,
                     qPrintable(QStringLiteral("%1: %2").arg(path, QString::fromUtf8(again.raw))));
            QCOMPARE(again.object(), first.object());
        }
    }

private Q_SLOTS:
    void normalDrain()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        const QString a = desk->start(
            101, {{QStringLiteral("obs_info"), QJsonObject{{QStringLiteral("band"), 7}}}});
        const QStringList big = desk->files(a, 3000, QStringLiteral("big"));   // goes through COPY
        const QStringList small = desk->files(a, 20, QStringLiteral("small")); // multi-row INSERT
        QCOMPARE(big.size(), 3000);
        // Larger than a unit: its COPY text is written while it is sent, in pieces of 4,000 rows.
        // Each file's size is its number, so a row cut or shifted between pieces shows.
        QJsonArray streamed;
        for (int i = 0; i < 9001; ++i)
            streamed.append(fileBody(a, QStringLiteral("stream/%1.fits").arg(i), i));
        const auto streamedAck =
            desk->http().post(QStringLiteral("/raw_data_files/bulk"), streamed);
        QCOMPARE(streamedAck.status, 201);
        QStringList streamedIds;
        for (const QJsonValue &id : streamedAck.object().value(QLatin1StringView("ids")).toArray())
            streamedIds << id.toString();
        QCOMPARE(streamedIds.size(), 9001);
        streamedIds.sort();
        QCOMPARE(desk->http()
                     .put(QStringLiteral("/executed_obs_units/%1/finish").arg(a),
                          QJsonObject{{QStringLiteral("obs_info"),
                                       QJsonObject{{QStringLiteral("done"), true}}}})
                     .status,
                 200);
        const auto pkg = desk->http().post(
            QStringLiteral("/raw_data_package"),
            QJsonObject{{QStringLiteral("name"), QStringLiteral("pkg-a")},
                        {QStringLiteral("executed_obs_unit_id"), a},
                        {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                        {QStringLiteral("file_ids"), QJsonArray::fromStringList(small)}});
        QCOMPARE(pkg.status, 201);
        const QString packageId = pkg.object().value(QLatin1StringView("id")).toString();
        QCOMPARE(
            desk->http()
                .put(QStringLiteral("/raw_data_package/%1/finalize").arg(packageId), QJsonObject{})
                .status,
            200);
        const auto job = desk->http().post(
            QStringLiteral("/staging/stage"),
            QJsonObject{{QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
                        {QStringLiteral("destination"), QStringLiteral("ramses-processing")}});
        QCOMPARE(job.status, 201);
        const QString jobId = job.object().value(QLatin1StringView("id")).toString();
        QCOMPARE(desk->http()
                     .del(QStringLiteral("/staging/%1").arg(jobId),
                          QJsonObject{{QStringLiteral("reason"), QStringLiteral("test")}})
                     .status,
                 200);

        QVERIFY(desk->drained());
        QCOMPARE(desk->failed(), 0);
        QCOMPARE(central.count("applied_transaction"), 9);
        QCOMPARE(central.count("raw_data_file WHERE executed_obs_unit_id = '" + a.toLatin1() + "'"),
                 12021);
        QCOMPARE(central.value("SELECT count(*) || '/' || sum(size_bytes) || '/' || "
                               "bool_and(relative_path = 'stream/' || size_bytes || '.fits') || "
                               "'/' || md5(string_agg(id::text, ',' ORDER BY id::text)) FROM "
                               "opsdb.raw_data_file WHERE relative_path LIKE 'stream/%'"),
                 QStringLiteral("9001/40504500/true/%1")
                     .arg(QString::fromLatin1(
                         QCryptographicHash::hash(streamedIds.join(QLatin1Char(',')).toLatin1(),
                                                  QCryptographicHash::Md5)
                             .toHex())));
        QCOMPARE(central.count("raw_data_file WHERE raw_data_package_id = '" +
                               packageId.toLatin1() + "'"),
                 20);
        QCOMPARE(central.value("SELECT status || ' ' || (obs_info->>'band') || ' ' || "
                               "(obs_info->>'done') FROM opsdb.executed_obs_unit"),
                 QStringLiteral("completed 7 true"));
        QCOMPARE(central.value("SELECT status || '/' || file_count || '/' || total_size_bytes FROM "
                               "opsdb.raw_data_package"),
                 QStringLiteral("complete/20/2000"));
        QCOMPARE(central.value("SELECT status || '/' || cancel_reason FROM opsdb.staging_job"),
                 QStringLiteral("cancelled/test"));
        QCOMPARE(central.count("operator_action WHERE action = 'cancel_staging'"), 1);
        // Read back through the console: everything is synced now.
        QVERIFY(eventually([&] {
            const auto got = desk->http().get(QStringLiteral("/executed_obs_units/101")).array();
            return !got.isEmpty() &&
                   got.first().toObject().value(QLatin1StringView("sync_state")).toString() ==
                       QLatin1StringView("synced");
        }));
        QCOMPARE(desk->http()
                     .get(QStringLiteral("/raw_data_files/%1").arg(big.last()))
                     .object()
                     .value(QLatin1StringView("sync_state"))
                     .toString(),
                 QStringLiteral("synced"));
    }

    /// A group commit is visible to the sync engine's connection before its sync has returned
    /// (its answers wait for that). Central must not get it before then either: a power cut
    /// could otherwise leave central holding work that this buffer lost and never acknowledged.
    void centralGetsAGroupOnlyOnceItIsOnDisk()
    {
        Central central;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("buffer.sqlite"));
        ops::Buffer owner;
        QVERIFY(owner.open(path, ops::Buffer::Role::Owner).ok());
        QElapsedTimer clock;
        clock.start();
        std::atomic<qint64> syncReturnedMs{-1};
        ops::WalSync::setSyncFunctionForTests([&](int fd) {
            QThread::msleep(1500);
            const int rc = ::fdatasync(fd);
            syncReturnedMs = clock.elapsed();
            return rc;
        });
        const auto restore = qScopeGuard([] { ops::WalSync::setSyncFunctionForTests({}); });
        ops::Operations operations(owner, ops::SiteSettings{});
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        std::atomic<qint64> durableMs{-1};
        QVERIFY(startInGroup(owner, operations, 31, id, [&](const ops::Status &synced) {
            if (synced)
                durableMs = clock.elapsed();
        }));
        QCOMPARE(BufferProbe(path).count(QStringLiteral("executed_obs_unit"),
                                         QStringLiteral("id = ?"), {id}),
                 1); // visible at once

        ops::SyncEngine engine(
            {.bufferPath = path, .central = central.conninfo(), .mainSite = true, .migrate = true},
            std::make_shared<ops::SyncStatus>());
        engine.start();
        const QByteArray where = "executed_obs_unit WHERE id = '" + id.toLatin1() + "'";
        qint64 seenMs = -1;
        while (seenMs < 0 && clock.elapsed() < 20000) {
            QTest::qWait(10);
            if (central.count(where) == 1)
                seenMs = clock.elapsed();
        }
        QVERIFY2(seenMs >= 0, "central never got the observation");
        QVERIFY2(syncReturnedMs >= 0 && seenMs >= syncReturnedMs,
                 qPrintable(QStringLiteral("central had it at %1 ms, the sync returned at %2 ms")
                                .arg(seenMs)
                                .arg(syncReturnedMs.load())));
        QVERIFY(eventually([&] { return durableMs >= syncReturnedMs; }));
    }

    void outageDeadLettersNothing()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        const QString a = desk->start(201);
        QVERIFY(desk->drained());
        QVERIFY(Central::stopServer());
        // The link is down: every write is still acknowledged at once.
        QStringList observations;
        int files = 0;
        for (int i = 0; i < 20; ++i) {
            const QString id = desk->start(300 + i);
            QVERIFY(!id.isEmpty());
            observations << id;
            files += desk->files(id, 50, QStringLiteral("o%1").arg(i)).size();
        }
        QCOMPARE(files, 1000);
        QVERIFY(eventually([&] {
            return desk->health().value(QLatin1StringView("central")).toString() ==
                   QLatin1StringView("disconnected");
        }));
        QTest::qWait(3000);
        QCOMPARE(desk->failed(), 0);
        QVERIFY(desk->pending() >= 40);
        QVERIFY(Central::startServer());
        QVERIFY(desk->drained(60000));
        QCOMPARE(desk->failed(), 0);
        QCOMPARE(central.count("executed_obs_unit"), 21);
        QCOMPARE(central.count("raw_data_file"), 1000);
        QCOMPARE(central.count("applied_transaction"), 41);
        QCOMPARE(desk->health().value(QLatin1StringView("central")).toString(),
                 QStringLiteral("connected"));
    }

    void serverRestartMidBatch()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        QVERIFY(Central::stopServer());
        const QString a = desk->start(401);
        for (int i = 0; i < 15; ++i)
            QCOMPARE(desk->files(a, 4000, QStringLiteral("r%1").arg(i)).size(), 4000);
        QVERIFY(Central::startServer());
        // Let it get going, then pull the server away under it, twice.
        QVERIFY(eventually([&] { return central.count("applied_transaction") >= 2; }, 60000));
        QVERIFY(Central::serverCommand({QStringLiteral("-m"), QStringLiteral("immediate"),
                                        QStringLiteral("-w"), QStringLiteral("stop")}));
        QTest::qWait(1500);
        QVERIFY(Central::startServer());
        QVERIFY(desk->drained(120000));
        QCOMPARE(desk->failed(), 0);
        QCOMPARE(central.count("raw_data_file"), 60000);
        QCOMPARE(central.count("applied_transaction"), 16);
    }

    void crashAtEveryStepBoundary_data()
    {
        QTest::addColumn<QByteArray>("fault");
        QTest::newRow("mid-batch (during COPY)") << QByteArray("mid-batch");
        QTest::newRow("before central commit") << QByteArray("before-central-commit");
        QTest::newRow("after central commit, before local mark")
            << QByteArray("after-central-commit");
        QTest::newRow("after local mark") << QByteArray("after-local-mark");
        QTest::newRow("second batch, after central commit") << QByteArray("after-central-commit@2");
    }
    void crashAtEveryStepBoundary()
    {
        QFETCH(QByteArray, fault);
        Central central;
        const QString buffer = newBuffer();
        Console offline(buffer);
        offline.createToken();
        QVERIFY(offline.start(QString()));
        // Work acknowledged while offline, then the console is started against central with the
        // fault armed: it dies at that point of the sync loop.
        const QString a = offline.start(501);
        QCOMPARE(offline.files(a, 2500, QStringLiteral("big")).size(), 2500);
        for (int i = 0; i < 5; ++i)
            QVERIFY(!offline.start(510 + i).isEmpty());
        // Larger than one unit of work: applied in a PostgreSQL transaction of its own, so the
        // drain commits more than once ("second batch").
        QCOMPARE(offline.files(a, 20000, QStringLiteral("huge")).size(), 20000);
        QCOMPARE(offline.http()
                     .put(QStringLiteral("/executed_obs_units/%1/finish").arg(a), QJsonObject{})
                     .status,
                 200);
        offline.stop();

        auto dying = console(central, buffer, fault);
        QVERIFY(dying);
        QVERIFY2(dying->waitForDeath(60000), "the fault point was not reached");
        QCOMPARE(dying->process().exitStatus(), QProcess::CrashExit);

        auto desk = console(central, buffer);
        QVERIFY(desk);
        QVERIFY(desk->drained(60000));
        QCOMPARE(desk->failed(),
                 0); // a duplicate effect would have been refused by central and dead-lettered
        QCOMPARE(central.count("applied_transaction"), 9);
        QCOMPARE(central.count("raw_data_file"), 22500);
        QCOMPARE(central.count("executed_obs_unit"), 6);
        QCOMPARE(central.value("SELECT status FROM opsdb.executed_obs_unit WHERE id = '" +
                               a.toLatin1() + "'"),
                 QStringLiteral("completed"));
    }

    void permanentErrorDeadLettersDependantsWaitOthersFlow()
    {
        Central central;
        const QString buffer = newBuffer();
        auto desk = console(central, buffer);
        QVERIFY(desk);
        const QString a = desk->start(601);
        QVERIFY(desk->drained());
        desk->stop();
        // Meanwhile, in central, someone aborts the observation; here it is still running.
        Console offline(buffer);
        QVERIFY(finishWhatCentralAborted(central, offline, a));
        QCOMPARE(offline.files(a, 10, QStringLiteral("late")).size(), 10); // depends on A
        const QString b = offline.start(602);                              // unrelated
        offline.stop();

        desk = console(central, buffer);
        QVERIFY(desk);
        QVERIFY(eventually([&] {
            return desk->failed() == 1 &&
                   central.count("executed_obs_unit WHERE id = '" + b.toLatin1() + "'") == 1;
        }));
        const auto listing = desk->http().get(QStringLiteral("/sync/transactions?state=failed"));
        const QJsonArray failed = listing.array();
        QVERIFY2(failed.size() == 1, listing.raw.constData());
        const QJsonObject dead = failed.first().toObject();
        QCOMPARE(dead.value(QLatin1StringView("kind")).toString(),
                 QStringLiteral("finish_observation"));
        QVERIFY2(dead.value(QLatin1StringView("last_error"))
                     .toString()
                     .contains(QStringLiteral("aborted")),
                 qPrintable(dead.value(QLatin1StringView("last_error")).toString()));
        QCOMPARE(desk->http()
                     .get(QStringLiteral("/executed_obs_units/601"))
                     .array()
                     .first()
                     .toObject()
                     .value(QLatin1StringView("sync_state"))
                     .toString(),
                 QStringLiteral("failed"));
        // The files for A wait behind the dead letter; they do not reach central.
        QTest::qWait(2500);
        QCOMPARE(desk->pending(), 1);
        QCOMPARE(central.count("raw_data_file"), 0);

        // Discard the refused finish: its effect leaves the merged state (central's "aborted"
        // shows), the files that depend on A are dead-lettered in turn, and it is audited.
        const QString deadId = dead.value(QLatin1StringView("id")).toString();
        QCOMPARE(desk->http()
                     .del(QStringLiteral("/sync/transactions/%1").arg(deadId), QJsonObject{})
                     .status,
                 422);
        QCOMPARE(desk->http()
                     .del(QStringLiteral("/sync/transactions/%1").arg(deadId),
                          QJsonObject{
                              {QStringLiteral("reason"), QStringLiteral("central knows better")}})
                     .status,
                 200);
        QCOMPARE(desk->http()
                     .get(QStringLiteral("/executed_obs_units/601"))
                     .array()
                     .first()
                     .toObject()
                     .value(QLatin1StringView("status"))
                     .toString(),
                 QStringLiteral("aborted"));
        const QJsonArray nowFailed =
            desk->http().get(QStringLiteral("/sync/transactions?state=failed")).array();
        QCOMPARE(nowFailed.size(), 1);
        QCOMPARE(nowFailed.first().toObject().value(QLatin1StringView("kind")).toString(),
                 QStringLiteral("register_files"));
        QVERIFY(nowFailed.first()
                    .toObject()
                    .value(QLatin1StringView("last_error"))
                    .toString()
                    .contains(deadId));

        // Retry the files: A exists in central, so they go through now.
        const QString filesTx =
            nowFailed.first().toObject().value(QLatin1StringView("id")).toString();
        QCOMPARE(desk->http()
                     .send("POST", QStringLiteral("/sync/transactions/%1/retry").arg(filesTx))
                     .status,
                 200);
        QVERIFY(desk->drained());
        QCOMPARE(desk->failed(), 0);
        QCOMPARE(central.count("raw_data_file"), 10);
        QCOMPARE(central.count("operator_action WHERE action = 'discard_transaction' AND reason = "
                               "'central knows better'"),
                 1);
        QCOMPARE(central.count("operator_action WHERE action = 'retry_transaction'"), 1);
        QCOMPARE(central.value("SELECT status FROM opsdb.executed_obs_unit WHERE id = '" +
                               a.toLatin1() + "'"),
                 QStringLiteral("aborted"));
    }

    void cancellingAStagingJobCentralCompleted()
    {
        Central central;
        const QString buffer = newBuffer();
        auto desk = console(central, buffer);
        QVERIFY(desk);
        const QString a = desk->start(701);
        const auto [packageId, jobId] = stagedPackage(*desk, a, QStringLiteral("pkg-s"), 3);
        QVERIFY(!jobId.isEmpty());
        QVERIFY(desk->drained());

        // Known locally: the data-transfer system completes the job, the console learns it (NOTIFY)
        // and refuses the cancel with 409.
        QVERIFY(central.exec("UPDATE opsdb.staging_job SET status = 'completed' WHERE id = '" +
                             jobId.toLatin1() + "'"));
        QVERIFY(central.exec(
            "UPDATE opsdb.raw_data_package SET transfer_state = 'archived' WHERE id = '" +
            packageId.toLatin1() + "'"));
        QVERIFY(eventually(
            [&] {
                return desk->http()
                           .get(QStringLiteral("/staging/status/%1").arg(jobId))
                           .object()
                           .value(QLatin1StringView("status"))
                           .toString() == QLatin1StringView("completed");
            },
            15000));
        QVERIFY(eventually(
            [&] {
                return desk->http()
                           .get(QStringLiteral("/raw_data_package/%1").arg(packageId))
                           .object()
                           .value(QLatin1StringView("transfer_state"))
                           .toString() == QLatin1StringView("archived");
            },
            15000));
        QCOMPARE(desk->http().del(QStringLiteral("/staging/%1").arg(jobId)).status, 409);

        // Learned only at apply: a second job, cancelled offline after central completed it.
        const QString job2 =
            desk->http()
                .post(QStringLiteral("/staging/stage"),
                      QJsonObject{{QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
                                  {QStringLiteral("destination"), QStringLiteral("ramses")}})
                .object()
                .value(QLatin1StringView("id"))
                .toString();
        QVERIFY(desk->drained());
        desk->stop();
        QVERIFY(central.exec("UPDATE opsdb.staging_job SET status = 'completed' WHERE id = '" +
                             job2.toLatin1() + "'"));
        Console offline(buffer);
        offline.createToken(QStringLiteral("offline"));
        QVERIFY(offline.start(QString()));
        QCOMPARE(offline.http()
                     .del(QStringLiteral("/staging/%1").arg(job2),
                          QJsonObject{{QStringLiteral("reason"), QStringLiteral("too late")}})
                     .status,
                 200);
        offline.stop();
        desk = console(central, buffer);
        QVERIFY(desk);
        QVERIFY(eventually([&] { return desk->failed() == 1; }));
        const QString error = desk->http()
                                  .get(QStringLiteral("/sync/transactions?state=failed"))
                                  .array()
                                  .first()
                                  .toObject()
                                  .value(QLatin1StringView("last_error"))
                                  .toString();
        QVERIFY2(error.contains(QStringLiteral("completed")) &&
                     error.contains(QStringLiteral("in central")),
                 qPrintable(error));
        QCOMPARE(central.value("SELECT status FROM opsdb.staging_job WHERE id = '" +
                               job2.toLatin1() + "'"),
                 QStringLiteral("completed"));
    }

    void nullsComeBackAsNullAndSyncedFilesCanBePackaged()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        const QString a = desk->start(901);
        const QStringList files = desk->files(a, 2, QStringLiteral("n"));
        QCOMPARE(files.size(), 2);
        QVERIFY(desk->drained());
        QVERIFY(pulledAll(central, *desk));

        const QJsonObject obs =
            desk->http().get(QStringLiteral("/executed_obs_units/901")).array().first().toObject();
        for (const char *field : {"end_time", "mean_pwv", "mean_elevation"})
            QVERIFY2(
                obs.value(QLatin1StringView(field)).isNull(),
                qPrintable(QStringLiteral("%1 = %2").arg(
                    QString::fromLatin1(field), QString::fromUtf8(QJsonDocument(obs).toJson()))));
        const QJsonObject file =
            desk->http().get(QStringLiteral("/raw_data_files/%1").arg(files[0])).object();
        QVERIFY2(file.value(QLatin1StringView("raw_data_package_id")).isNull(),
                 QJsonDocument(file).toJson().constData());
        QCOMPARE(file.value(QLatin1StringView("sync_state")).toString(), QStringLiteral("synced"));

        // The desk's normal case: files that reached central and came back are packaged.
        const auto created = desk->http().post(
            QStringLiteral("/raw_data_package"),
            QJsonObject{{QStringLiteral("name"), QStringLiteral("pkg-null")},
                        {QStringLiteral("executed_obs_unit_id"), a},
                        {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                        {QStringLiteral("file_ids"), QJsonArray::fromStringList(files)}});
        QVERIFY2(created.status == 201, created.raw.constData());
        const QString packageId = created.object().value(QLatin1StringView("id")).toString();
        const auto job = desk->http().post(
            QStringLiteral("/staging/stage"),
            QJsonObject{{QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
                        {QStringLiteral("destination"), QStringLiteral("ramses")}});
        QCOMPARE(job.status, 409); // still building: only complete packages are staged
        QCOMPARE(
            desk->http()
                .put(QStringLiteral("/raw_data_package/%1/finalize").arg(packageId), QJsonObject{})
                .status,
            200);
        const auto staged = desk->http().post(
            QStringLiteral("/staging/stage"),
            QJsonObject{{QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
                        {QStringLiteral("destination"), QStringLiteral("ramses")}});
        QCOMPARE(staged.status, 201);
        QVERIFY(desk->drained());
        QVERIFY(pulledAll(central, *desk));
        const QJsonObject package =
            desk->http().get(QStringLiteral("/raw_data_package/%1").arg(packageId)).object();
        QVERIFY2(package.value(QLatin1StringView("transfer_state")).isNull(),
                 QJsonDocument(package).toJson().constData());
        QVERIFY(!package.value(QLatin1StringView("finalized_at")).isNull());
        const QJsonObject stagingJob =
            desk->http()
                .get(QStringLiteral("/staging/status/%1")
                         .arg(staged.object().value(QLatin1StringView("id")).toString()))
                .object();
        for (const char *field : {"reason", "cancelled_by", "cancel_reason", "error_message"})
            QVERIFY2(stagingJob.value(QLatin1StringView(field)).isNull(),
                     qPrintable(QString::fromLatin1(field)));
        QCOMPARE(central.count("raw_data_file WHERE raw_data_package_id IS NOT NULL"), 2);
    }

    void resentCreatesAfterSyncLeaveOneRowInCentral()
    {
        Central central;
        const QString buffer = newBuffer();
        auto desk = console(central, buffer);
        QVERIFY(desk);
        const QString obs = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000002a0");
        const QString file = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000002f1");
        const QStringList bulkIds{QStringLiteral("0b0c0d0e-0000-4000-8000-0000000002b0"),
                                  QStringLiteral("0b0c0d0e-0000-4000-8000-0000000002b1")};
        const QString package = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000002c0");
        const QString job = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000002d0");
        QList<Sent> creates;
        const auto create = [&](const QString &path, const QJsonValue &body) {
            return sendCreate(*desk, creates, path, body);
        };
        QCOMPARE(
            create(QStringLiteral("/executed_obs_units/start"),
                   QJsonObject{{QStringLiteral("id"), obs}, {QStringLiteral("obs_unit_id"), 821}}),
            201);
        QCOMPARE(create(QStringLiteral("/raw_data_files"),
                        fileWithId(obs, QStringLiteral("r/one.fits"), file)),
                 201);
        QCOMPARE(create(QStringLiteral("/raw_data_files/bulk"),
                        QJsonArray{fileWithId(obs, QStringLiteral("r/b0.fits"), bulkIds[0]),
                                   fileWithId(obs, QStringLiteral("r/b1.fits"), bulkIds[1])}),
                 201);
        const QJsonObject packageBody{
            {QStringLiteral("id"), package},
            {QStringLiteral("name"), QStringLiteral("pkg-resent")},
            {QStringLiteral("executed_obs_unit_id"), obs},
            {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
            {QStringLiteral("file_ids"), QJsonArray{file}}};
        QCOMPARE(create(QStringLiteral("/raw_data_package"), packageBody), 201);
        QCOMPARE(
            desk->http()
                .put(QStringLiteral("/raw_data_package/%1/finalize").arg(package), QJsonObject{})
                .status,
            200);
        const QJsonObject stageBody{{QStringLiteral("id"), job},
                                    {QStringLiteral("raw_data_package_ids"), QJsonArray{package}},
                                    {QStringLiteral("destination"), QStringLiteral("ramses")}};
        QCOMPARE(create(QStringLiteral("/staging/stage"), stageBody), 201);
        QVERIFY(desk->drained());
        QVERIFY(pulledAll(central, *desk));
        const qint64 acknowledged = transactionsIn(buffer);
        const qint64 applied = central.count("applied_transaction");
        QCOMPARE(applied, acknowledged);

        // Central and the console hold them now: the same requests are answered as the first
        // time, and nothing is written here or there.
        expectRepeats(*desk, creates);
        QCOMPARE(transactionsIn(buffer), acknowledged);
        QCOMPARE(desk->pending(), 0);
        for (const auto &[table, id] :
             {std::pair{"executed_obs_unit", obs}, std::pair{"raw_data_file", file},
              std::pair{"raw_data_file", bulkIds[0]}, std::pair{"raw_data_file", bulkIds[1]},
              std::pair{"raw_data_package", package}, std::pair{"staging_job", job}})
            QCOMPARE(central.count(QByteArray(table) + " WHERE id = '" + id.toLatin1() + "'"), 1);
        QCOMPARE(
            central.count("staging_job_package WHERE staging_job_id = '" + job.toLatin1() + "'"),
            1);

        // The same ids with other content: 409 naming the id, nothing written.
        QJsonObject otherFile = fileWithId(obs, QStringLiteral("r/one.fits"), file);
        otherFile.insert(QStringLiteral("size_bytes"), 5);
        QJsonObject otherPackage = packageBody;
        otherPackage.insert(QStringLiteral("instrument_module"), QStringLiteral("primecam-280"));
        QJsonObject otherStage = stageBody;
        otherStage.insert(QStringLiteral("destination"), QStringLiteral("cologne"));
        for (const auto &[path, body, id] :
             {std::tuple{QStringLiteral("/executed_obs_units/start"),
                         QJsonValue(QJsonObject{{QStringLiteral("id"), obs},
                                                {QStringLiteral("obs_unit_id"), 822}}),
                         obs},
              std::tuple{QStringLiteral("/raw_data_files"), QJsonValue(otherFile), file},
              std::tuple{QStringLiteral("/raw_data_files/bulk"),
                         QJsonValue(QJsonArray{
                             fileWithId(obs, QStringLiteral("r/b0.fits"), bulkIds[0]),
                             fileWithId(obs, QStringLiteral("r/b1-renamed.fits"), bulkIds[1])}),
                         bulkIds[1]},
              std::tuple{QStringLiteral("/raw_data_package"), QJsonValue(otherPackage), package},
              std::tuple{QStringLiteral("/staging/stage"), QJsonValue(otherStage), job}}) {
            const auto refused = desk->http().post(path, body);
            QVERIFY2(refused.status == 409 && refused.detail().contains(id),
                     qPrintable(QStringLiteral("%1: %2 %3")
                                    .arg(path)
                                    .arg(refused.status)
                                    .arg(QString::fromUtf8(refused.raw))));
        }
        QCOMPARE(transactionsIn(buffer), acknowledged);
        QCOMPARE(central.count("applied_transaction"), applied);
        QCOMPARE(central.value("SELECT obs_unit_id FROM opsdb.executed_obs_unit WHERE id = '" +
                               obs.toLatin1() + "'"),
                 QStringLiteral("821"));
        QCOMPARE(central.count("raw_data_file WHERE relative_path = 'r/b1-renamed.fits'"), 0);
    }

    void resentCreateAnswersAsFirstAfterItsRecordWasRebuilt()
    {
        Central central;
        const QString buffer = newBuffer();
        auto desk = console(central, buffer);
        QVERIFY(desk);
        const QString obs = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000003a0");
        const QString file = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000003f1");
        QList<Sent> creates;
        QCOMPARE(sendCreate(*desk, creates, QStringLiteral("/executed_obs_units/start"),
                            QJsonObject{{QStringLiteral("id"), obs},
                                        {QStringLiteral("obs_unit_id"), 831}}),
                 201);
        QCOMPARE(sendCreate(*desk, creates, QStringLiteral("/raw_data_files"),
                            fileWithId(obs, QStringLiteral("k/one.fits"), file)),
                 201);
        QVERIFY(desk->drained());
        QVERIFY(pulledAll(central, *desk));
        desk->stop();
        // Central moves on while the console, cut off, changes both records: when it pulls
        // central's versions, both still carry its waiting changes and are rebuilt from them.
        QVERIFY(central.exec("UPDATE opsdb.executed_obs_unit SET status = 'aborted', end_time = "
                             "now() WHERE id = '" +
                             obs.toLatin1() + "'"));
        QVERIFY(central.exec("UPDATE opsdb.raw_data_file SET updated_at = now() WHERE id = '" +
                             file.toLatin1() + "'"));
        Console offline(buffer);
        offline.createToken(QStringLiteral("offline"));
        QVERIFY(offline.start(QString()));
        QCOMPARE(offline.http()
                     .put(QStringLiteral("/executed_obs_units/%1/finish").arg(obs), QJsonObject{})
                     .status,
                 200);
        QCOMPARE(
            offline.http()
                .post(QStringLiteral("/raw_data_package"),
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("pkg-rebuilt")},
                                  {QStringLiteral("executed_obs_unit_id"), obs},
                                  {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                                  {QStringLiteral("file_ids"), QJsonArray{file}}})
                .status,
            201);
        offline.stop();
        desk = console(central, buffer);
        QVERIFY(desk);
        QVERIFY(eventually([&] { return desk->failed() == 1; }));
        QVERIFY(pulledAll(central, *desk));
        QCOMPARE(
            BufferProbe(buffer)
                .scalar(QStringLiteral("SELECT status FROM executed_obs_unit WHERE id = ?"), {obs})
                .toString(),
            QStringLiteral("completed")); // its finish, dead-lettered, on top of central's row
        const qint64 acknowledged = transactionsIn(buffer);
        expectRepeats(*desk, creates);
        QCOMPARE(transactionsIn(buffer), acknowledged);
        QCOMPARE(central.count("executed_obs_unit WHERE id = '" + obs.toLatin1() + "'"), 1);
        QCOMPARE(central.count("raw_data_file WHERE id = '" + file.toLatin1() + "'"), 1);
    }

    void stagingJobKeepsItsPackagesWhileItsCancelIsDeadLettered()
    {
        Central central;
        const QString buffer = newBuffer();
        auto desk = console(central, buffer);
        QVERIFY(desk);
        const QString a = desk->start(911);
        const auto [packageId, jobId] = stagedPackage(*desk, a, QStringLiteral("pkg-k"), 2);
        QVERIFY(!jobId.isEmpty());
        QVERIFY(desk->drained());
        QVERIFY(pulledAll(central, *desk));
        desk->stop();

        Console offline(buffer);
        offline.createToken(QStringLiteral("offline"));
        QVERIFY(offline.start(QString()));
        QCOMPARE(offline.http()
                     .del(QStringLiteral("/staging/%1").arg(jobId),
                          QJsonObject{{QStringLiteral("reason"), QStringLiteral("wrong target")}})
                     .status,
                 200);
        offline.stop();
        QVERIFY(central.exec("UPDATE opsdb.staging_job SET status = 'completed' WHERE id = '" +
                             jobId.toLatin1() + "'"));

        desk = console(central, buffer);
        QVERIFY(desk);
        // Every read, through the dead letter, the pull that follows it and the discard, shows
        // the job with the package central links to it.
        const auto packagesShown = [&] {
            const QJsonObject job =
                desk->http().get(QStringLiteral("/staging/status/%1").arg(jobId)).object();
            return job.value(QLatin1StringView("raw_data_package_ids")).toArray() ==
                       QJsonArray{packageId} &&
                   job.value(QLatin1StringView("packages")).toArray().size() == 1;
        };
        QElapsedTimer watch;
        watch.start();
        bool deadLettered = false;
        qint64 deadAt = -1;
        while (watch.elapsed() < 30000 && (deadAt < 0 || watch.elapsed() < deadAt + 4000)) {
            QVERIFY2(packagesShown(),
                     qPrintable(QStringLiteral("after %1 ms").arg(watch.elapsed())));
            if (!deadLettered && desk->failed() == 1) {
                deadLettered = true;
                deadAt = watch.elapsed();
            }
            QTest::qWait(50);
        }
        QVERIFY(deadLettered);
        const QString deadId = desk->http()
                                   .get(QStringLiteral("/sync/transactions?state=failed"))
                                   .array()
                                   .first()
                                   .toObject()
                                   .value(QLatin1StringView("id"))
                                   .toString();
        QCOMPARE(desk->http()
                     .del(QStringLiteral("/sync/transactions/%1").arg(deadId),
                          QJsonObject{{QStringLiteral("reason"), QStringLiteral("completed")}})
                     .status,
                 200);
        for (int i = 0; i < 40; ++i) {
            QVERIFY2(packagesShown(),
                     qPrintable(QStringLiteral("%1 ms after the discard").arg(i * 50)));
            QTest::qWait(50);
        }
        const QJsonObject job =
            desk->http().get(QStringLiteral("/staging/status/%1").arg(jobId)).object();
        QCOMPARE(job.value(QLatin1StringView("status")).toString(), QStringLiteral("completed"));
        QVERIFY(job.value(QLatin1StringView("cancel_reason")).isNull());
    }

    void unrelatedWorkFlowsPastManyBlockedTransactions()
    {
        Central central;
        const QString buffer = newBuffer();
        auto desk = console(central, buffer);
        QVERIFY(desk);
        const QString a = desk->start(921);
        QVERIFY(desk->drained());
        desk->stop();
        Console offline(buffer);
        QVERIFY(finishWhatCentralAborted(central, offline, a)); // refused for good by central
        // More transactions behind the dead letter than one batch holds (2,000), then others.
        // The refusal is learned while the next batch is read ahead, with no dead letter yet:
        // that read must be thrown away, not applied.
        constexpr int kBlocked = 2100;
        for (int i = 0; i < kBlocked; ++i)
            QCOMPARE(offline.http()
                         .post(QStringLiteral("/raw_data_files"),
                               fileBody(a, QStringLiteral("blocked/%1.fits").arg(i)))
                         .status,
                     201);
        QStringList unrelated;
        for (int i = 0; i < 20; ++i)
            unrelated << offline.start(1000 + i);
        offline.stop();

        desk = console(central, buffer);
        QVERIFY(desk);
        QVERIFY2(
            eventually(
                [&] { return central.count("executed_obs_unit WHERE obs_unit_id >= 1000") == 20; },
                30000),
            qPrintable(QStringLiteral("%1 of 20 unrelated starts in central")
                           .arg(central.count("executed_obs_unit WHERE obs_unit_id >= 1000"))));
        QCOMPARE(desk->failed(), 1);
        QCOMPARE(desk->pending(), kBlocked);
        QCOMPARE(central.count("raw_data_file"), 0);
    }

    void readOnlyCentralIsTransientNotDeadLettered()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        desk->start(931);
        QVERIFY(desk->drained());
        // A fail-over in progress: central answers, but read-only (SQLSTATE 25006).
        const QByteArray database =
            central.conninfo().section(QStringLiteral("dbname="), -1).toLatin1();
        QVERIFY(
            central.exec("ALTER DATABASE " + database + " SET default_transaction_read_only = on"));
        QVERIFY(central.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                             "application_name = 'opsconsole' AND pid <> pg_backend_pid()"));
        for (int i = 0; i < 5; ++i)
            QVERIFY(!desk->start(932 + i).isEmpty());
        QTest::qWait(4000);
        QCOMPARE(desk->failed(), 0);
        QCOMPARE(desk->pending(), 5);
        // From another database: in this one every session is read-only now.
        ops::PgConnection admin;
        QVERIFY(admin.connect(QString::fromLocal8Bit(qgetenv("OPSCONSOLE_TEST_CENTRAL"))));
        QVERIFY(
            admin.exec("ALTER DATABASE " + database + " SET default_transaction_read_only = off"));
        QVERIFY(central.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                             "application_name = 'opsconsole' AND pid <> pg_backend_pid()"));
        QVERIFY(desk->drained(60000));
        QCOMPARE(desk->failed(), 0);
        QCOMPARE(central.count("executed_obs_unit"), 6);
    }

    void memoryGoesBackAfterABurstOfBulks()
    {
        // Two bulks of 100,000 files, applied to central: the parsed bodies, payloads and
        // batches took a few hundred MB; afterwards the console holds little more than before
        // (glibc kept ~450 MB for good before the allocator was set up for bursts).
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        const QString observation = desk->start(941);
        QVERIFY(desk->drained());
        const auto residentMb = [&] {
            QFile status(QStringLiteral("/proc/%1/status").arg(desk->process().processId()));
            if (!status.open(QIODevice::ReadOnly))
                return qint64(-1);
            for (const QByteArray &line : status.readAll().split('\n'))
                if (line.startsWith("VmRSS:"))
                    return line.mid(6).trimmed().split(' ').first().toLongLong() / 1024;
            return qint64(-1);
        };
        const qint64 before = residentMb();
        QVERIFY(before > 0);
        for (int b = 0; b < 2; ++b)
            QCOMPARE(desk->files(observation, 100000, QStringLiteral("burst%1").arg(b)).size(),
                     100000);
        QVERIFY(desk->drained(120000));
        QCOMPARE(central.count("raw_data_file"), 200000);
        qint64 after = residentMb();
        for (int i = 0; i < 50 && after - before > 80; ++i) {
            QTest::qWait(200);
            after = residentMb();
        }
        qInfo("RSS %lld MB before, %lld MB after 200,000 files were buffered and synced",
              static_cast<long long>(before), static_cast<long long>(after));
        QVERIFY2(after - before <= 80,
                 qPrintable(QStringLiteral("%1 MB kept").arg(after - before)));
    }

    void othersChangesArriveWhileTheConsoleKeepsWriting()
    {
        // The console skips pulling its own rows straight back after each batch; a change by
        // another session must still arrive at once (its NOTIFY), not at the next poll, even
        // while the console applies its own writes back to back. 450 rows: more than one chunk
        // of the pull's writes.
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        QVERIFY(!desk->start(951).isEmpty());
        QVERIFY(desk->drained());
        QElapsedTimer sinceForeign;
        int written = 0;
        bool arrived = false;
        for (int i = 0; i < 400 && !arrived; ++i) {
            QVERIFY(!desk->start(952).isEmpty()); // the console's own work keeps flowing
            ++written;
            if (i == 20) {
                QVERIFY(central.exec(
                    "INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, status, "
                    "start_time, operator) SELECT gen_random_uuid(), 7777, 'ccat', 'running', "
                    "now(), 'data-transfer' FROM generate_series(1, 450)"));
                sinceForeign.start();
            }
            if (i > 20 && i % 5 == 0)
                arrived = desk->http()
                              .get(QStringLiteral("/executed_obs_units/7777?limit=1000"))
                              .array()
                              .size() == 450;
            QTest::qWait(5);
        }
        QVERIFY2(arrived, "another session's rows never arrived while the console kept writing");
        qInfo("450 rows from another session arrived %lld ms after their commit, %d own writes "
              "meanwhile",
              static_cast<long long>(sinceForeign.elapsed()), written);
        // Well inside the 2 s poll: they came on the notification.
        QVERIFY2(sinceForeign.elapsed() < 1500,
                 qPrintable(QString::number(sinceForeign.elapsed())));
        QVERIFY(desk->drained());
        QCOMPARE(central.count("executed_obs_unit WHERE obs_unit_id = 952"), written);
    }

    /// Central's change numbers have gaps in normal work (applied_transaction rows are not
    /// pulled; a row changed again leaves its old number behind). A gap whose transaction has
    /// ended must not hold the pull's cursor: the cursor reaches central's newest number at the
    /// next pull, not 30 s later (when every pull meanwhile read again all rows above the gap).
    void gapsOfEndedTransactionsDoNotHoldThePull()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        for (int i = 0; i < 30; ++i)
            QVERIFY(!desk->start(971).isEmpty());
        QVERIFY(desk->drained());
        // Another session's change: its NOTIFY brings a pull at once.
        QVERIFY(central.exec("INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, "
                             "status, start_time, operator) VALUES (gen_random_uuid(), 972, "
                             "'ccat', 'running', now(), 'data-transfer')"));
        const qint64 newest =
            central.value("SELECT max(change_seq) FROM opsdb.executed_obs_unit").toLongLong();
        const qint64 applied =
            central.value("SELECT count(*) FROM opsdb.applied_transaction").toLongLong();
        QVERIFY2(applied == 30, "the applied_transaction rows make the gaps this test is about");
        QVERIFY(eventually(
            [&] {
                return BufferProbe(desk->bufferPath())
                           .scalar(QStringLiteral(
                               "SELECT value FROM sync_cursor WHERE name = 'change_seq'"))
                           .toLongLong() >= newest;
            },
            5000));
    }

    /// Another party's row is stored as the console's own are: JSON compact and NULL as NULL,
    /// which is what the pull's own binding of central's texts decides (integers and reals would
    /// be kept as such by the columns' affinity alone; checked all the same).
    void othersRowsAreStoredWithTheirTypes()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        QVERIFY(!desk->start(974).isEmpty()); // central's schema is in place once it drained
        QVERIFY(desk->drained());
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVERIFY(central.exec("INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, status, "
                             "start_time, obs_info, mean_pwv, mean_elevation, operator) VALUES ('" +
                             id.toLatin1() +
                             "', 973, 'ccat', 'completed', '2026-12-01T03:04:05.123456Z', "
                             "'{\"band\": 7, \"note\": \"o''clock\"}', 1.25, 45.5, 'dts')"));
        const BufferProbe probe(desk->bufferPath());
        QVERIFY(eventually(
            [&] {
                return probe
                           .scalar(QStringLiteral(
                                       "SELECT count(*) FROM executed_obs_unit WHERE id = ?"),
                                   {id})
                           .toInt() == 1;
            },
            5000));
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT typeof(obs_unit_id) || ' ' || "
                                       "typeof(mean_pwv) || ' ' || typeof(mean_elevation) "
                                       "|| ' ' || typeof(end_time) || ' ' || sync_state || "
                                       "' ' || mean_pwv || ' ' || start_time || ' ' || "
                                       "obs_info FROM executed_obs_unit WHERE id = ?"),
                        {id})
                .toString(),
            QStringLiteral("integer real real null synced 1.25 "
                           "2026-12-01T03:04:05.123456+00:00 {\"band\":7,\"note\":\"o'clock\"}"));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT count(*) FROM executed_obs_unit WHERE "
                                            "obs_unit_id = 973 AND mean_elevation > 45"))
                     .toInt(),
                 1);
    }

    /// The console's own rows come back from central with central's change number and are
    /// otherwise left as they are; a row central changed afterwards arrives with every changed
    /// column, a value turned NULL included (the pull confirms an unchanged row by matching
    /// every column, and writes the whole row otherwise).
    void ownRowsComeBackAndCentralsEditsArrive()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        const QString id = desk->start(
            976, {{QStringLiteral("obs_info"), QJsonObject{{QStringLiteral("band"), 7}}}});
        QVERIFY(!id.isEmpty());
        QVERIFY(desk->drained());
        const BufferProbe probe(desk->bufferPath());
        const auto local = [&] {
            return probe
                .scalar(QStringLiteral("SELECT coalesce(change_seq, 'none') || '|' || operator || "
                                       "'|' || coalesce(mean_pwv, 'null') || '|' || obs_info || "
                                       "'|' || start_time || '|' || sync_state FROM "
                                       "executed_obs_unit WHERE id = ?"),
                        {id})
                .toString();
        };
        const QString before = local().section(QLatin1Char('|'), 1);
        const auto centralSeq = [&] {
            return central.value("SELECT change_seq FROM opsdb.executed_obs_unit WHERE id = '" +
                                 id.toLatin1() + "'");
        };
        QVERIFY2(eventually([&] { return local() == centralSeq() + u'|' + before; }, 5000),
                 qPrintable(local() + QStringLiteral(" central ") + centralSeq()));
        QVERIFY(before.endsWith(QLatin1StringView("|synced")));

        QVERIFY(central.exec("UPDATE opsdb.executed_obs_unit SET operator = 'night-lead', "
                             "mean_pwv = 0.5, obs_info = '{\"band\": 8}' WHERE id = '" +
                             id.toLatin1() + "'"));
        // Central's number and then these columns, once the pull has written the row.
        const auto arrives = [&](const QString &columns) {
            return eventually([&] { return local().startsWith(centralSeq() + columns); }, 5000);
        };
        QVERIFY2(arrives(QStringLiteral("|night-lead|0.5|{\"band\":8}|")), qPrintable(local()));
        QVERIFY(central.exec("UPDATE opsdb.executed_obs_unit SET mean_pwv = NULL WHERE id = '" +
                             id.toLatin1() + "'"));
        QVERIFY2(arrives(QStringLiteral("|night-lead|null|")), qPrintable(local()));
    }

    /// A transaction that runs long on central (a large COPY over a slow link) took its change
    /// numbers early and commits late: the pull must wait for it however long it runs, and get
    /// its rows, while the rows committed around it keep arriving.
    void aLongTransactionOnCentralIsPulledWhenItCommits()
    {
        Central central;
        auto desk = console(central);
        QVERIFY(desk);
        QVERIFY(!desk->start(981).isEmpty());
        QVERIFY(desk->drained());
        ops::PgConnection longRunning;
        QVERIFY(longRunning.connect(central.conninfo()));
        QVERIFY(longRunning.exec(
            "BEGIN; INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, status, "
            "start_time, operator) VALUES (gen_random_uuid(), 982, 'ccat', 'running', now(), "
            "'data-transfer')"));
        // Committed after it, with higher numbers: they arrive meanwhile.
        for (int i = 0; i < 5; ++i)
            QVERIFY(!desk->start(983).isEmpty());
        QVERIFY(central.exec("INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, "
                             "status, start_time, operator) VALUES (gen_random_uuid(), 984, "
                             "'ccat', 'running', now(), 'data-transfer')"));
        QVERIFY(eventually([&] {
            return desk->http().get(QStringLiteral("/executed_obs_units/984")).array().size() == 1;
        }));
        // Several pulls while it runs (the gap rule has no clock: 5 s shows it as well as 5 min).
        QTest::qWait(5000);
        QVERIFY(longRunning.exec("COMMIT"));
        QVERIFY2(
            eventually([&] {
                return desk->http().get(QStringLiteral("/executed_obs_units/982")).array().size() ==
                       1;
            }),
            "the long transaction's row never arrived");
    }

    void refusalInTheStatementsBeforeACopyIsFoundAndOnlyItWaits()
    {
        // A unit sends its SQL and the COPY after it in one message. The finish (SQL) is refused
        // on central; the bulk of another observation (COPY) in the same message must still
        // arrive, and only the finish is dead-lettered.
        Central central;
        const QString buffer = newBuffer();
        auto desk = console(central, buffer);
        QVERIFY(desk);
        const QString a = desk->start(961);
        const QString b = desk->start(962);
        QVERIFY(desk->drained());
        desk->stop();
        Console offline(buffer);
        QVERIFY(finishWhatCentralAborted(central, offline, a));
        QCOMPARE(offline.files(b, 300, QStringLiteral("after-refused")).size(), 300);
        offline.stop();

        desk = console(central, buffer);
        QVERIFY(desk);
        QVERIFY(eventually([&] { return central.count("raw_data_file") == 300; }));
        QVERIFY(eventually([&] { return desk->failed() == 1; }));
        QCOMPARE(desk->pending(), 0);
        QCOMPARE(central.value("SELECT status FROM opsdb.executed_obs_unit WHERE id = '" +
                               a.toLatin1() + "'"),
                 QStringLiteral("aborted"));
    }

    void quotesAreSafeWhateverCentralsStringSetting()
    {
        Central central;
        const QByteArray database =
            central.conninfo().section(QStringLiteral("dbname="), -1).toLatin1();
        // Off for every new session: the console must not depend on the server's default.
        QVERIFY(
            central.exec("ALTER DATABASE " + database + " SET standard_conforming_strings = off"));
        auto desk = console(central);
        QVERIFY(desk);
        const QString a = desk->start(941);
        const QString hostile = QStringLiteral("x\\'); CREATE TABLE opsdb.pwned (x int); --.fits");
        const auto file =
            desk->http().post(QStringLiteral("/raw_data_files"), fileBody(a, hostile));
        QCOMPARE(file.status, 201);
        QVERIFY(desk->drained());
        QCOMPARE(desk->failed(), 0);
        QCOMPARE(central.value("SELECT count(*) FROM pg_tables WHERE tablename = 'pwned'"),
                 QStringLiteral("0"));
        QCOMPARE(central.value("SELECT relative_path FROM opsdb.raw_data_file"), hostile);
    }

    void errorsThatMayPassAreTransient()
    {
        // The classes central answers during faults that pass: retried, never dead-lettered
        // (the read-only case is also run for real above).
        for (const char *state :
             {"55P03" /* lock timeout */, "53100" /* disk full */, "53200" /* out of memory */,
              "53300" /* too many connections */, "25006" /* read-only transaction (fail-over) */,
              "57014" /* statement timeout */, "57P01" /* admin shutdown */, "40001", "40P01",
              "08006", "58030" /* I/O error */})
            QVERIFY2(ops::PgConnection::isTransientState(QString::fromLatin1(state)), state);
        for (const char *state : {"23505" /* unique violation */, "23503", "P0001" /* raise */,
                                  "22001" /* value too long */, "42601"})
            QVERIFY2(!ops::PgConnection::isTransientState(QString::fromLatin1(state)), state);
    }

    void oneConsolePerBuffer()
    {
        const QString buffer = newBuffer();
        Console first(buffer);
        first.createToken();
        QVERIFY(first.start(QString()));
        QProcess second;
        second.start(QStringLiteral(OPSCONSOLE_PATH),
                     {QStringLiteral("--headless"), QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--buffer"), buffer});
        QVERIFY(second.waitForFinished(20000));
        QCOMPARE(second.exitCode(), 1);
        const QByteArray err = second.readAllStandardError();
        QVERIFY2(err.contains("in use") &&
                     err.contains(QByteArray::number(first.process().processId())),
                 err.constData());
        // The file is created readable by its owner only.
        QCOMPARE(QFileInfo(buffer).permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFileDevice::Permissions());
        // A console killed outright leaves no stale lock behind.
        first.process().kill();
        QVERIFY(first.waitForDeath(10000));
        Console again(buffer);
        again.setToken(first.token());
        QVERIFY(again.start(QString()));
    }

    void walStaysBoundedUnderSustainedWrites()
    {
        const QString buffer = newBuffer();
        Console desk(buffer);
        desk.createToken();
        QVERIFY(desk.start(QString()));
        const QString a = desk.start(951);
        // Readers keep a snapshot open all the while: the case where passive checkpoints never
        // catch up.
        std::atomic<bool> reading{true};
        std::unique_ptr<QThread> reader(QThread::create([&] {
            HttpClient http(desk.http().base(), desk.token());
            while (reading)
                http.get(QStringLiteral("/executed_obs_units/951?limit=1"));
        }));
        reader->start();
        qint64 largest = 0;
        for (int round = 0; round < 14; ++round) {
            QCOMPARE(desk.files(a, 20000, QStringLiteral("wal%1").arg(round)).size(), 20000);
            largest = std::max(largest, QFileInfo(buffer + QStringLiteral("-wal")).size());
        }
        reading = false;
        reader->wait();
        const qint64 bound = 64LL * 1024 * 1024;
        QVERIFY(eventually(
            [&] { return QFileInfo(buffer + QStringLiteral("-wal")).size() < bound; }, 20000));
        // More was written than the bound allows to stay in the WAL.
        QVERIFY2(QFileInfo(buffer).size() > bound,
                 qPrintable(QStringLiteral("database %1 bytes").arg(QFileInfo(buffer).size())));
        qInfo("largest WAL seen: %lld MiB", largest / (1024 * 1024));
        // Short reads let the checkpoints start the WAL anew all along: it never reached the
        // bound where it is cut back (62 MiB was seen before those took the writers' turn).
        QVERIFY2(largest < bound, qPrintable(QStringLiteral("largest WAL %1 bytes").arg(largest)));
    }

    /// The checkpoint that lets writers reuse the WAL from its start holds them off while it
    /// waits for readers: a reader that keeps its snapshot (here another process, for 3 s) must
    /// not stall acknowledgments that long. The checkpoint gives up after a few milliseconds and
    /// tries again on its next round.
    void aLongReadDoesNotHoldAcknowledgmentsBehindACheckpoint()
    {
        const QString buffer = newBuffer();
        Console desk(buffer);
        desk.createToken();
        QVERIFY(desk.start(QString()));
        const QString a = desk.start(961);
        BufferProbe reader(buffer);
        QVERIFY(reader.exec(QStringLiteral("BEGIN")));
        QVERIFY(reader.scalar(QStringLiteral("SELECT count(*) FROM outbox")).isValid());
        // More than the WAL bound, so that the checkpoint rounds want to start it anew.
        QCOMPARE(desk.files(a, 20000, QStringLiteral("pinned")).size(), 20000);
        QElapsedTimer clock;
        clock.start();
        qint64 slowestMs = 0;
        int starts = 0;
        while (clock.elapsed() < 3000) {
            QElapsedTimer one;
            one.start();
            QCOMPARE(desk.http()
                         .post(QStringLiteral("/executed_obs_units/start"),
                               QJsonObject{{QStringLiteral("obs_unit_id"), 962}})
                         .status,
                     201);
            slowestMs = std::max(slowestMs, one.elapsed());
            ++starts;
        }
        QVERIFY(reader.exec(QStringLiteral("COMMIT")));
        qInfo("%d starts in 3 s with a reader holding its snapshot; slowest %lld ms", starts,
              slowestMs);
        QVERIFY2(slowestMs < 500, qPrintable(QStringLiteral("slowest %1 ms").arg(slowestMs)));
    }

    void migrateCentralUnreachableSaysOneLine()
    {
        QProcess migrate;
        migrate.start(QStringLiteral(OPSCONSOLE_PATH),
                      {QStringLiteral("migrate-central"), QStringLiteral("--central"),
                       QStringLiteral("host=127.0.0.1 port=1 user=nobody dbname=none "
                                      "connect_timeout=2")});
        QVERIFY(migrate.waitForFinished(30000));
        QCOMPARE(migrate.exitCode(), 1);
        const QByteArray err = migrate.readAllStandardError().trimmed();
        QVERIFY2(!err.isEmpty() && !err.contains('\n'), err.constData());
    }

    void twoConsolesClaimingOneKeyTheFirstWins()
    {
        Central central;
        auto north = console(central);
        const QString southBuffer = newBuffer();
        auto south = console(central, southBuffer);
        QVERIFY(north && south);
        const QString pathObs = north->start(841);
        const QString nameObs = north->start(842);
        const QString finishObs = north->start(843);
        QVERIFY(north->drained());
        QVERIFY(pulledAll(central, *south));
        south->stop();

        // Neither sees the other's write: south is cut off while both claim the same file path,
        // the same package name, and the end of the same observation.
        const QString path = QStringLiteral("shared/x.fits");
        const QString name = QStringLiteral("pkg-shared");
        const auto claim = [&](HttpClient &http, const QString &finishAs) {
            return QList<HttpResult>{
                http.post(QStringLiteral("/raw_data_files"), fileBody(pathObs, path)),
                http.post(
                    QStringLiteral("/raw_data_package"),
                    QJsonObject{{QStringLiteral("name"), name},
                                {QStringLiteral("executed_obs_unit_id"), nameObs},
                                {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")}}),
                http.put(QStringLiteral("/executed_obs_units/%1/finish").arg(finishObs),
                         QJsonObject{{QStringLiteral("status"), finishAs}})};
        };
        Console cut(southBuffer);
        cut.createToken(QStringLiteral("cut"));
        QVERIFY(cut.start(QString()));
        const QList<HttpResult> southClaims = claim(cut.http(), QStringLiteral("failed"));
        cut.stop();
        const QList<HttpResult> northClaims = claim(north->http(), QStringLiteral("completed"));
        for (const QList<HttpResult> &claims : {southClaims, northClaims})
            for (int i = 0; i < 3; ++i)
                QVERIFY2(claims[i].status == (i == 2 ? 200 : 201), claims[i].raw.constData());
        const auto idOf = [](const HttpResult &r) {
            return r.object().value(QLatin1StringView("id")).toString();
        };
        const QString southFile = idOf(southClaims[0]), southPackage = idOf(southClaims[1]);
        const QString northFile = idOf(northClaims[0]), northPackage = idOf(northClaims[1]);
        QVERIFY(north->drained());

        // South comes back: each of its three claims is dead-lettered with central's reason.
        south = console(central, southBuffer);
        QVERIFY(south);
        QVERIFY(eventually([&] { return south->failed() == 3; }, 30000));
        QCOMPARE(south->pending(), 0);
        QHash<QString, QString> reasons;
        for (const QJsonValue &dead :
             south->http().get(QStringLiteral("/sync/transactions?state=failed")).array())
            reasons.insert(dead.toObject().value(QLatin1StringView("kind")).toString(),
                           dead.toObject().value(QLatin1StringView("last_error")).toString());
        for (const auto &[kind, says] :
             {std::pair{"register_file", path}, std::pair{"create_package", name},
              std::pair{"finish_observation", QStringLiteral("completed")}})
            QVERIFY2(reasons.value(QString::fromLatin1(kind)).contains(says),
                     qPrintable(QStringLiteral("%1: %2").arg(
                         QString::fromLatin1(kind), reasons.value(QString::fromLatin1(kind)))));

        // The first writer won, once, everywhere in central.
        QCOMPARE(central.value("SELECT string_agg(id::text, ',') FROM opsdb.raw_data_file WHERE "
                               "relative_path = 'shared/x.fits'"),
                 northFile);
        QCOMPARE(central.value("SELECT string_agg(id::text, ',') FROM opsdb.raw_data_package WHERE "
                               "name = 'pkg-shared'"),
                 northPackage);
        QCOMPARE(central.value("SELECT status FROM opsdb.executed_obs_unit WHERE id = '" +
                               finishObs.toLatin1() + "'"),
                 QStringLiteral("completed"));
        QCOMPARE(central.count("raw_data_file WHERE id = '" + southFile.toLatin1() + "'"), 0);
        QCOMPARE(central.count("raw_data_package WHERE id = '" + southPackage.toLatin1() + "'"), 0);

        // South keeps pulling central's changes beside its dead letters.
        QVERIFY(!north->start(844).isEmpty());
        QVERIFY(north->drained());
        QVERIFY(pulledAll(central, *south));
        QCOMPARE(south->http().get(QStringLiteral("/executed_obs_units/844")).array().size(), 1);

        // Discarded, south's claims leave its merged state and central's winners show.
        for (const QJsonValue &dead :
             south->http().get(QStringLiteral("/sync/transactions?state=failed")).array())
            QCOMPARE(
                south->http()
                    .del(QStringLiteral("/sync/transactions/%1")
                             .arg(dead.toObject().value(QLatin1StringView("id")).toString()),
                         QJsonObject{{QStringLiteral("reason"), QStringLiteral("north was first")}})
                    .status,
                200);
        QCOMPARE(south->failed(), 0);
        QCOMPARE(south->http().get(QStringLiteral("/raw_data_files/%1").arg(southFile)).status,
                 404);
        QCOMPARE(south->http().get(QStringLiteral("/raw_data_package/%1").arg(southPackage)).status,
                 404);
        const QJsonObject file =
            south->http().get(QStringLiteral("/raw_data_files/%1").arg(northFile)).object();
        QCOMPARE(file.value(QLatin1StringView("relative_path")).toString(), path);
        QCOMPARE(file.value(QLatin1StringView("sync_state")).toString(), QStringLiteral("synced"));
        QCOMPARE(south->http()
                     .get(QStringLiteral("/raw_data_package/%1").arg(northPackage))
                     .object()
                     .value(QLatin1StringView("name"))
                     .toString(),
                 name);
        const QJsonObject finished =
            south->http().get(QStringLiteral("/executed_obs_units/843")).array().first().toObject();
        QCOMPARE(finished.value(QLatin1StringView("status")).toString(),
                 QStringLiteral("completed"));
        QCOMPARE(finished.value(QLatin1StringView("sync_state")).toString(),
                 QStringLiteral("synced"));
        const BufferProbe probe(southBuffer);
        QCOMPARE(probe.count(QStringLiteral("raw_data_file"), QStringLiteral("relative_path = ?"),
                             {path}),
                 1);
        QCOMPARE(
            probe.count(QStringLiteral("raw_data_package"), QStringLiteral("name = ?"), {name}), 1);
        QVERIFY(south->drained());
        QCOMPARE(central.count("operator_action WHERE action = 'discard_transaction'"), 3);
        QCOMPARE(central.count("raw_data_file WHERE relative_path = 'shared/x.fits'"), 1);
    }

    void twoConsolesConvergeAndSeeOthersWrites()
    {
        Central central;
        auto north = console(central);
        auto south = console(central);
        QVERIFY(north && south);
        const QString n = north->start(801);
        const QString s = south->start(802);
        north->files(n, 100, QStringLiteral("n"));
        south->files(s, 100, QStringLiteral("s"));
        QVERIFY(north->drained() && south->drained());
        // Someone else writes directly in central.
        QVERIFY(central.exec("INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, status, "
                             "start_time, operator) "
                             "VALUES ('0b0c0d0e-0000-4000-8000-00000000abcd', 803, 'cologne', "
                             "'running', now(), 'elsewhere')"));
        for (Console *c : {north.get(), south.get()}) {
            QVERIFY(eventually(
                [&] {
                    const auto a = c->http().get(QStringLiteral("/executed_obs_units/801")).array();
                    const auto b = c->http().get(QStringLiteral("/executed_obs_units/802")).array();
                    const auto e = c->http().get(QStringLiteral("/executed_obs_units/803")).array();
                    return a.size() == 1 && b.size() == 1 && e.size() == 1 &&
                           a.first()
                                   .toObject()
                                   .value(QLatin1StringView("raw_data_files"))
                                   .toArray()
                                   .size() == 100 &&
                           b.first()
                                   .toObject()
                                   .value(QLatin1StringView("raw_data_files"))
                                   .toArray()
                                   .size() == 100 &&
                           e.first().toObject().value(QLatin1StringView("sync_state")).toString() ==
                               QLatin1StringView("synced");
                },
                15000));
        }
        QCOMPARE(central.count("applied_transaction"), 4);
        QCOMPARE(central.value("SELECT count(DISTINCT console_id) FROM opsdb.applied_transaction"),
                 QStringLiteral("2"));
    }
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
