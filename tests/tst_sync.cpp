// The sync engine against a real PostgreSQL (started by scripts/test.sh), through the real
// executable: drain, outage, server restart mid-batch, a crash at every step boundary of the sync
// loop, dead letters with dependants waiting, retry and discard, two consoles on one central, and
// changes made in central by someone else. Every test asserts on what central and the buffer hold.
#include "centralfixture.h"

#include <QSet>
#include <QTest>

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
        QCOMPARE(central.count("applied_transaction"), 8);
        QCOMPARE(central.count("raw_data_file WHERE executed_obs_unit_id = '" + a.toLatin1() + "'"),
                 3020);
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
        QCOMPARE(central.count("applied_transaction"), 8);
        QCOMPARE(central.count("raw_data_file"), 2500);
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
        // Meanwhile, in central, someone aborts the observation.
        QVERIFY(central.exec(
            "UPDATE opsdb.executed_obs_unit SET status = 'aborted', end_time = now() WHERE id = '" +
            a.toLatin1() + "'"));

        Console offline(buffer);
        offline.createToken(QStringLiteral("offline"));
        QVERIFY(offline.start(QString()));
        QCOMPARE(offline.http()
                     .put(QStringLiteral("/executed_obs_units/%1/finish").arg(a), QJsonObject{})
                     .status,
                 200);                                                     // still running here
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
        const QStringList ids = desk->files(a, 3, QStringLiteral("s"));
        const QString packageId =
            desk->http()
                .post(QStringLiteral("/raw_data_package"),
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("pkg-s")},
                                  {QStringLiteral("executed_obs_unit_id"), a},
                                  {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                                  {QStringLiteral("file_ids"), QJsonArray::fromStringList(ids)}})
                .object()
                .value(QLatin1StringView("id"))
                .toString();
        QCOMPARE(
            desk->http()
                .put(QStringLiteral("/raw_data_package/%1/finalize").arg(packageId), QJsonObject{})
                .status,
            200);
        const QString jobId =
            desk->http()
                .post(QStringLiteral("/staging/stage"),
                      QJsonObject{{QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
                                  {QStringLiteral("destination"), QStringLiteral("ramses")}})
                .object()
                .value(QLatin1StringView("id"))
                .toString();
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
