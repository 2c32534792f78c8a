// The critical operations against a real buffer file. Every test asserts on what the buffer then
// holds (rows, outbox entries), and every refusal is checked to have changed nothing.
#include "buffer.h"
#include "buffermigrations.h"
#include "clock.h"
#include "integritycheck.h"
#include "mergedreader.h"
#include "operations.h"
#include "outbox.h"
#include "sqlsupport.h"
#include "syncingvfs.h"
#include "testsupport.h"
#include "timestamps.h"
#include "tokenstore.h"
#include "transaction.h"
#include "writtentransactions.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace ops;
using testsupport::BufferProbe;
using testsupport::fileBody;

class TestOperations : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Buffer> m_buffer;
    std::unique_ptr<Operations> m_ops;
    ManualClock m_clock{*timestamps::parse(u"2026-11-27T04:00:00Z")};

    QString startObservation(qint64 obsUnit = 42)
    {
        const auto ack = m_ops->startObservation({{QStringLiteral("obs_unit_id"), obsUnit}},
                                                 QStringLiteral("tester"));
        return ack ? ack->id : QString();
    }
    qint64 outboxCount() const { return BufferProbe(m_path).count(QStringLiteral("outbox")); }

    /// Every row of every table, as text: what a refusal must leave exactly as it was.
    QString storedContent() const
    {
        BufferProbe probe(m_path);
        QString content;
        const QStringList tables =
            probe
                .scalar(QStringLiteral("SELECT group_concat(name, ' ') FROM (SELECT name FROM "
                                       "sqlite_schema WHERE type = 'table' ORDER BY name)"))
                .toString()
                .split(QLatin1Char(' '));
        for (const QString &table : tables)
            content += table + QLatin1Char('\n') + probe.rowsText(table);
        return content;
    }

    /// Empty when `refused` is a refusal of `kind` whose message starts with `start` (the field
    /// and what was wrong with it) and the buffer still holds exactly `before`.
    template <typename T>
    QString refusalProblem(const Result<T> &refused, ErrorKind kind, const QString &start,
                           const QString &before) const
    {
        if (refused.ok())
            return QStringLiteral("accepted, expected a refusal starting \"%1\"").arg(start);
        if (refused.error().kind != kind || !refused.error().message.startsWith(start))
            return QStringLiteral("refused with \"%1\" (kind %2), expected kind %3 and \"%4...\"")
                .arg(refused.error().message)
                .arg(int(refused.error().kind))
                .arg(int(kind))
                .arg(start);
        if (storedContent() != before)
            return QStringLiteral("refused, but the buffer changed");
        return {};
    }

private Q_SLOTS:
    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
        m_buffer = std::make_unique<Buffer>();
        QVERIFY(m_buffer->open(m_path, Buffer::Role::Owner).ok());
        m_ops = std::make_unique<Operations>(*m_buffer, SiteSettings{QStringLiteral("ccat"), 1000},
                                             m_clock);
    }
    void cleanup()
    {
        m_ops.reset();
        m_buffer.reset();
    }

    // A transaction's number (outbox.seq) is what rows and the history refer to: it must never be
    // given twice, even once every earlier transaction has left the outbox for the history, and
    // even when an older dead-lettered one still waits in the outbox below newer applied ones.
    void transactionNumbersAreNeverGivenTwice()
    {
        startObservation(1);
        startObservation(2);
        startObservation(3);
        Outbox outbox(*m_buffer, m_clock);
        const QList<OutboxEntry> due = outbox.due(10);
        QCOMPARE(due.size(), 3);
        QVERIFY(outbox.deadLetter(due[0].seq, QStringLiteral("refused")).ok());
        QVERIFY(outbox.markApplied({due[1], due[2]}).ok());
        startObservation(4);
        BufferProbe probe(m_path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT max(seq) FROM outbox")).toLongLong(), 4);

        QVERIFY(outbox.markApplied(outbox.due(10)).ok()); // the fourth: now only the failed one
        QVERIFY(outbox
                    .discard(due[0].id, QStringLiteral("test"), QStringLiteral("t"),
                             QStringLiteral("ccat"))
                    .ok());
        QVERIFY(outbox.markApplied(outbox.due(10)).ok()); // the discard's audit record
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state IN "
                                            "('pending', 'failed')"))
                     .toLongLong(),
                 0);
        const QString fifth = startObservation(5);
        const QVariant fifthSeq = probe.scalar(
            QStringLiteral("SELECT origin_tx FROM executed_obs_unit WHERE id = ?"), {fifth});
        QVERIFY(fifthSeq.toLongLong() >
                probe.scalar(QStringLiteral("SELECT max(seq) FROM outbox_history")).toLongLong());
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT count(*) FROM (SELECT seq FROM outbox UNION "
                                            "ALL SELECT seq FROM outbox_history)"))
                     .toLongLong(),
                 probe
                     .scalar(QStringLiteral("SELECT count(*) FROM (SELECT seq FROM outbox UNION "
                                            "SELECT seq FROM outbox_history)"))
                     .toLongLong());
    }

    // The sync engine gets the transactions this process wrote from memory, but only as the
    // outbox holds them: a payload that differs on disk from the one written is read from disk.
    void writtenTransactionsAreHandedOverOnlyAsStored()
    {
        startObservation(1);
        startObservation(2);
        QCOMPARE(m_buffer->written().keptCount(), 2);
        BufferProbe probe(m_path);
        const QByteArray first =
            probe.scalar(QStringLiteral("SELECT payload FROM outbox WHERE seq = 1")).toByteArray();
        QByteArray second =
            probe.scalar(QStringLiteral("SELECT payload FROM outbox WHERE seq = 2")).toByteArray();
        QVERIFY(second.contains("\",2,\""));
        second.replace("\",2,\"", "\",99,\""); // the row's obs_unit_id
        probe.scalar(QStringLiteral("UPDATE outbox SET payload = ? WHERE seq = 2"), {second});

        const QList<OutboxEntry> due = Outbox(*m_buffer, m_clock).due(10);
        QCOMPARE(due.size(), 2);
        QCOMPARE(due[0].tx.payload(), first);
        QCOMPARE(due[1].tx.payload(), second);
        QCOMPARE(due[1].tx.steps.first().rows.variantRow(0).at(1).toLongLong(), 99);
        QCOMPARE(m_buffer->written().keptCount(), 0);
    }

    // What is kept for the sync engine stays bounded however long central is away, the newest
    // kept, and a large bulk is never kept.
    void writtenTransactionsStayBounded()
    {
        const auto written = WrittenTransactions::forBuffer(QStringLiteral("/nowhere/bound"));
        const auto transaction = [](int i) {
            Transaction tx;
            tx.id = QStringLiteral("tx-%1").arg(i);
            return tx;
        };
        const QByteArray kib(1024, 'x');
        for (int i = 0; i < 3000; ++i)
            written->keep(transaction(i), kib);
        QVERIFY(written->keptCount() <= WrittenTransactions::kMaxKeptBytes / 1024);
        QVERIFY(written->keptCount() >= WrittenTransactions::kMaxKeptBytes / 1024 - 1);
        QVERIFY(!written->take(QStringLiteral("tx-0"), kib));
        QCOMPARE(written->take(QStringLiteral("tx-2999"), kib)->id, QStringLiteral("tx-2999"));
        const QByteArray large(WrittenTransactions::kMaxPayloadBytes + 1, 'x');
        written->keep(transaction(5000), large);
        QVERIFY(!written->take(QStringLiteral("tx-5000"), large));
    }

    // Marking applied moves exactly the transactions given to the history, over more than one
    // chunk of the write (50) and a partial one, with one left out in the middle.
    void markAppliedMovesExactlyTheGivenTransactions()
    {
        for (int i = 1; i <= 121; ++i)
            startObservation(i);
        Outbox outbox(*m_buffer, m_clock);
        QList<OutboxEntry> due = outbox.due(200);
        QCOMPARE(due.size(), 121);
        const OutboxEntry leftOut = due.takeAt(60);
        QVERIFY(outbox.markApplied(due).ok());
        BufferProbe probe(m_path);
        QCOMPARE(probe.column(QStringLiteral("SELECT seq FROM outbox")), QVariantList{leftOut.seq});
        QCOMPARE(probe.scalar(QStringLiteral("SELECT count(*) FROM outbox_history")).toInt(), 120);
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT count(*) FROM outbox_history WHERE attempts = 1 "
                                       "AND applied_at IS NOT NULL AND seq <> ?"),
                        {leftOut.seq})
                .toInt(),
            120);
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT group_concat(id) FROM (SELECT id FROM "
                                            "outbox_history ORDER BY seq)"))
                     .toString(),
                 [&] {
                     QStringList ids;
                     for (const OutboxEntry &e : due)
                         ids << e.id;
                     return ids.join(QLatin1Char(','));
                 }());
    }

    /// A buffer as a program of schema three left it (to be migrated by Buffer::open).
    static void writeSchemaThree(const BufferProbe &old)
    {
        for (int version = 0; version < 3; ++version)
            for (const QString &statement : bufferMigrations().at(version))
                QVERIFY2(old.exec(statement), qPrintable(statement));
        QVERIFY(old.exec(QStringLiteral("PRAGMA user_version = 3")));
    }

    // Buffers written before the outbox lost AUTOINCREMENT keep their transactions, and numbering
    // carries on after the highest number given, even when that transaction has already left the
    // outbox for the history (the old table's rowid alone would give its number again).
    void outboxOfSchemaThreeCarriesOnItsNumbering()
    {
        const QString path = m_dir.filePath(QStringLiteral("schema3.sqlite"));
        {
            BufferProbe old(path);
            writeSchemaThree(old);
            for (int seq : {7, 8})
                QVERIFY(old.exec(
                    QStringLiteral(
                        "INSERT INTO outbox (seq, id, kind, summary, actor, state, created_at, "
                        "step_count, record_count, payload) VALUES (%1, 'a%1', 'k', 's', 'x', "
                        "'failed', 'now', 1, 1, x'7b7d')")
                        .arg(seq)));
            QVERIFY(old.exec(QStringLiteral(
                "INSERT INTO outbox_history (seq, id, kind, summary, actor, created_at, applied_at,"
                " attempts, record_count) VALUES (8, 'a8', 'k', 's', 'x', 'now', 'now', 1, 1)")));
            QVERIFY(old.exec(QStringLiteral("DELETE FROM outbox WHERE seq = 8")));
        }
        Buffer buffer;
        QVERIFY(buffer.open(path, Buffer::Role::Owner).ok());
        Operations ops(buffer, SiteSettings{QStringLiteral("ccat"), 1000}, m_clock);
        const auto ack =
            ops.startObservation({{QStringLiteral("obs_unit_id"), 1}}, QStringLiteral("tester"));
        QVERIFY(ack.ok());
        BufferProbe probe(path);
        QCOMPARE(probe.scalar(QStringLiteral("SELECT id FROM outbox WHERE seq = 7")).toString(),
                 QStringLiteral("a7"));
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT seq FROM outbox WHERE id = ?"), {ack->transactionId})
                .toLongLong(),
            9);
        QVERIFY(probe.scalar(QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = 'outbox'"))
                    .toString()
                    .contains(QStringLiteral("seq INTEGER PRIMARY KEY,")));
    }

    /// The outbox's state is still checked, and without the temporary index SQLite builds for
    /// a CHECK's IN over more than two constants on every row written (a buffer migrated from
    /// schema three gets the same table).
    void outboxStateIsCheckedWithoutATemporaryIndex()
    {
        const QString migratedPath = m_dir.filePath(QStringLiteral("schema3-check.sqlite"));
        writeSchemaThree(BufferProbe(migratedPath));
        const QString freshPath = m_dir.filePath(QStringLiteral("fresh-check.sqlite"));
        for (const QString &path : {migratedPath, freshPath}) {
            {
                Buffer buffer;
                QVERIFY(buffer.open(path, Buffer::Role::Owner).ok());
            }
            BufferProbe probe(path);
            const QString insert = QStringLiteral(
                "INSERT INTO outbox (seq, id, kind, summary, actor, state, created_at, "
                "step_count, record_count, payload) VALUES (%1, 'a', 'k', 's', 'x', '%2', 'now', "
                "1, 1, x'7b7d')");
            QVERIFY(!probe.exec(insert.arg(1).arg(QStringLiteral("done"))));
            QVERIFY(probe.exec(insert.arg(2).arg(QStringLiteral("discarded"))));
            QCOMPARE(probe.column(QStringLiteral("SELECT seq FROM outbox")), QVariantList{2});
            const QVariantList opcodes =
                probe.column(QStringLiteral("EXPLAIN ") + insert.arg(3).arg("failed"), 1);
            QVERIFY(opcodes.contains(QStringLiteral("Insert")));
            QVERIFY2(!opcodes.contains(QStringLiteral("OpenEphemeral")), qPrintable(path));
        }
    }

    void bufferIsDurablyConfigured()
    {
        QSqlQuery q(m_buffer->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), Buffer::schemaVersion());
        QVERIFY(!m_buffer->consoleId().isEmpty());
    }

    /// A group's COMMIT leaves the syncing of the WAL to another thread; the connection must be
    /// back to syncing at COMMIT for every other write made on it.
    void groupLeavesItsConnectionDurable()
    {
        bool started = false;
        std::atomic<bool> durable{false};
        m_buffer->group(
            [&] {
                started = !startObservation(61).isEmpty(); // a write of its own: a savepoint inside
            },
            [&](const Status &synced) { durable = synced.ok(); });
        QVERIFY(started);
        QTRY_VERIFY(durable);
        QSqlQuery q(m_buffer->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("executed_obs_unit"),
                                           QStringLiteral("obs_unit_id = 61")),
                 1);
    }

    /// A deferred write (central's rows, marks of what central holds) commits without a sync of
    /// its own; a synced write syncs before it returns; both leave the connection at FULL.
    void deferredWritesSkipOnlyTheirOwnSync()
    {
        const testsupport::SyncingVfs vfs; // before the connections below are opened
        Buffer other;
        QVERIFY(other.open(m_path).ok());
        const auto remember = [&other](const QString &key) {
            return [&other, key]() -> Status {
                QSqlQuery q(other.database());
                q.prepare(
                    QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, 'x')"));
                q.addBindValue(key);
                return sql::exec(q, QStringLiteral("meta"));
            };
        };
        int before = testsupport::SyncingVfs::syncs();
        const Status deferred =
            other.write(remember(QStringLiteral("test_deferred")), Buffer::Durability::Deferred);
        QVERIFY2(deferred.ok(), deferred.ok() ? "" : qPrintable(deferred.error().message));
        QCOMPARE(testsupport::SyncingVfs::syncs() - before, 0);
        before = testsupport::SyncingVfs::syncs();
        QVERIFY(other.write(remember(QStringLiteral("test_synced"))).ok());
        QVERIFY2(testsupport::SyncingVfs::syncs() - before >= 1, "a synced write made no sync");
        QSqlQuery q(other.database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL
        QCOMPARE(
            BufferProbe(m_path).count(QStringLiteral("meta"),
                                      QStringLiteral("key IN ('test_deferred', 'test_synced')")),
            2);
    }

    /// The writers of one buffer file in one process take turns in the order they asked: one
    /// that writes chunk after chunk (the sync engine storing a pull) cannot hold another (an
    /// acknowledgment) off until it is done, as SQLite's lock alone let it (the one waiting polls,
    /// the one holding it takes it again at once: 70 ms stalls were measured).
    void writersTakeTurnsInTheOrderTheyAsked()
    {
        std::atomic<int> chunksDone{0};
        std::unique_ptr<QThread> chunker(QThread::create([&] {
            Buffer other;
            if (!other.open(m_path))
                return;
            for (int i = 0; i < 100; ++i) {
                (void)other.write([&]() -> Status {
                    QThread::msleep(2); // a chunk's work, with the lock held
                    return sql::run(other.database(),
                                    QStringLiteral("INSERT OR REPLACE INTO meta (key, value) "
                                                   "VALUES ('test_chunk', 'x')"));
                });
                ++chunksDone;
            }
        }));
        chunker->start();
        QTRY_VERIFY(chunksDone >= 5);
        const int before = chunksDone;
        QVERIFY(!startObservation(62).isEmpty());
        const int during = chunksDone - before;
        QVERIFY(chunker->wait(60000));
        QCOMPARE(chunksDone.load(), 100);
        QVERIFY2(during <= 2,
                 qPrintable(QStringLiteral("the acknowledgment waited for %1 chunks").arg(during)));
    }

    void startIsStoredWithItsTransaction()
    {
        const auto ack = m_ops->startObservation(
            {{QStringLiteral("obs_unit_id"), 42},
             {QStringLiteral("obs_info"), QJsonObject{{QStringLiteral("band"), 7}}}},
            QStringLiteral("tester"));
        QVERIFY(ack.ok());
        BufferProbe probe(m_path);
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status FROM executed_obs_unit WHERE id = ?"),
                             {ack->id})
                     .toString(),
                 QStringLiteral("running"));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT operator FROM executed_obs_unit WHERE id = ?"),
                             {ack->id})
                     .toString(),
                 QStringLiteral("tester"));
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT start_time FROM executed_obs_unit WHERE id = ?"),
                        {ack->id})
                .toString(),
            QStringLiteral("2026-11-27T04:00:00.000000+00:00"));
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT sync_state FROM executed_obs_unit WHERE id = ?"),
                        {ack->id})
                .toString(),
            QStringLiteral("buffered"));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT state FROM outbox WHERE id = ?"),
                             {ack->transactionId})
                     .toString(),
                 QStringLiteral("pending"));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT kind FROM outbox WHERE id = ?"),
                             {ack->transactionId})
                     .toString(),
                 QStringLiteral("start_observation"));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT obs_info || ' ' || typeof(obs_unit_id) || ' "
                                            "' || (create_hash IS NOT NULL) || ' ' || "
                                            "(end_time IS NULL) FROM executed_obs_unit"))
                     .toString(),
                 QStringLiteral(R"({"band":7} integer 1 1)"));
        // What the sync engine will send to central is the row the buffer holds, typed alike.
        const auto sent = Transaction::fromPayload(
            ack->transactionId,
            probe.scalar(QStringLiteral("SELECT payload FROM outbox")).toByteArray());
        QVERIFY(sent.ok());
        QCOMPARE(sent->steps.size(), 1);
        const Step &step = sent->steps.first();
        QCOMPARE(step.table, QStringLiteral("executed_obs_unit"));
        QCOMPARE(step.rows.size(), 1);
        const QVariantList row = step.rows.variantRow(0);
        const auto value = [&](const char *column) {
            return row.value(step.columns.indexOf(QLatin1StringView(column)));
        };
        QCOMPARE(step.columns.size(), 12);
        QCOMPARE(value("id").toString(), ack->id);
        QCOMPARE(value("obs_unit_id").typeId(), QMetaType::LongLong);
        QCOMPARE(value("obs_unit_id").toLongLong(), 42);
        QCOMPARE(value("obs_info").toString(), QStringLiteral(R"({"band":7})"));
        QCOMPARE(value("operator").toString(), QStringLiteral("tester"));
        QVERIFY(value("end_time").isNull() && value("mean_pwv").isNull());
        QCOMPARE(value("start_time").toString(), value("created_at").toString());
    }

    void finishMergesObsInfoAndIsFinal()
    {
        const QString id =
            m_ops
                ->startObservation(
                    {{QStringLiteral("obs_unit_id"), 1},
                     {QStringLiteral("obs_info"),
                      QJsonObject{{QStringLiteral("a"), 1}, {QStringLiteral("b"), 1}}}},
                    QStringLiteral("t"))
                ->id;
        m_clock.advanceMs(60000);
        const auto finished = m_ops->finishObservation(
            id,
            {{QStringLiteral("status"), QStringLiteral("aborted")},
             {QStringLiteral("mean_pwv"), 0.8},
             {QStringLiteral("obs_info"),
              QJsonObject{{QStringLiteral("b"), 2}, {QStringLiteral("c"), 3}}}},
            QStringLiteral("t"));
        QVERIFY2(finished.ok(), qPrintable(finished ? QString() : finished.error().message));
        const auto row =
            MergedReader(m_buffer->database()).record(QLatin1StringView("executed_obs_unit"), id);
        QCOMPARE(row->value(QLatin1StringView("status")).toString(), QStringLiteral("aborted"));
        QCOMPARE(row->value(QLatin1StringView("end_time")).toString(),
                 QStringLiteral("2026-11-27T04:01:00.000000+00:00"));
        QCOMPARE(row->value(QLatin1StringView("mean_pwv")).toDouble(), 0.8);
        QCOMPARE(row->value(QLatin1StringView("obs_info")).toObject(),
                 (QJsonObject{{QStringLiteral("a"), 1},
                              {QStringLiteral("b"), 2},
                              {QStringLiteral("c"), 3}}));

        const qint64 before = outboxCount();
        const auto again = m_ops->finishObservation(id, {}, QStringLiteral("t"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::Conflict);
        QCOMPARE(outboxCount(), before);
        QCOMPARE(m_ops
                     ->finishObservation(QStringLiteral("6f9619ff-8b86-4d01-b42d-00cf4fc964ff"), {},
                                         QStringLiteral("t"))
                     .error()
                     .kind,
                 ErrorKind::NotFound);
    }

    void repeatedCreateIsANoOpAndReusedIdConflicts()
    {
        const QJsonObject body{
            {QStringLiteral("obs_unit_id"), 9},
            {QStringLiteral("id"), QStringLiteral("6f9619ff-8b86-4d01-b42d-00cf4fc964ff")}};
        const auto first = m_ops->startObservation(body, QStringLiteral("t"));
        const auto second = m_ops->startObservation(body, QStringLiteral("t"));
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(second->transactionId, first->transactionId);
        QCOMPARE(outboxCount(), 1);
        QJsonObject other = body;
        other.insert(QStringLiteral("obs_unit_id"), 10);
        const auto reused = m_ops->startObservation(other, QStringLiteral("t"));
        QCOMPARE(reused.error().kind, ErrorKind::Conflict);
        QVERIFY(reused.error().message.startsWith(QStringLiteral("id:")));
        QCOMPARE(outboxCount(), 1);
        QCOMPARE(BufferProbe(m_path)
                     .scalar(QStringLiteral("SELECT obs_unit_id FROM executed_obs_unit"))
                     .toInt(),
                 9);
    }

    void bulkIsAllOrNothing()
    {
        const QString obs = startObservation();
        QJsonArray files;
        for (int i = 0; i < 50; ++i)
            files.append(fileBody(obs, QStringLiteral("scan/%1.fits").arg(i)));
        QJsonObject bad = fileBody(obs, QStringLiteral("scan/bad.fits"));
        bad.insert(QStringLiteral("checksum"), QStringLiteral("XYZ"));
        files.append(bad);
        const auto refused = m_ops->registerFiles(files, QStringLiteral("t"));
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
        QVERIFY2(refused.error().message.startsWith(QStringLiteral("[50].checksum:")),
                 qPrintable(refused.error().message));
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file")), 0);
        QCOMPARE(outboxCount(), 1);

        files.removeLast();
        const auto ack = m_ops->registerFiles(files, QStringLiteral("t"));
        QVERIFY(ack.ok());
        QCOMPARE(ack->ids.size(), 50);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("executed_obs_unit_id = ?"), {obs}),
                 50);
        QCOMPARE(outboxCount(), 2);

        // A clash with a stored file is refused whole and names the path.
        QJsonArray clash{fileBody(obs, QStringLiteral("new.fits")),
                         fileBody(obs, QStringLiteral("scan/3.fits"))};
        const auto conflictResult = m_ops->registerFiles(clash, QStringLiteral("t"));
        QCOMPARE(conflictResult.error().kind, ErrorKind::Conflict);
        QVERIFY2(conflictResult.error().message.contains(QStringLiteral("scan/3.fits")),
                 qPrintable(conflictResult.error().message));
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("relative_path = 'new.fits'")),
                 0);
    }

    void bulkOfHundredThousandIsOneTransaction()
    {
        const QString obs = startObservation();
        QJsonArray files;
        for (int i = 0; i < Operations::kMaxBulkFiles; ++i)
            files.append(fileBody(obs, QStringLiteral("d%1/f%2.fits").arg(i / 1000).arg(i)));
        const auto ack = m_ops->registerFiles(files, QStringLiteral("t"));
        QVERIFY(ack.ok());
        BufferProbe probe(m_path);
        QCOMPARE(probe.count(QStringLiteral("raw_data_file")), Operations::kMaxBulkFiles);
        QCOMPARE(probe.count(QStringLiteral("outbox")), 2);
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT record_count FROM outbox WHERE id = ?"),
                             {ack->transactionId})
                     .toInt(),
                 Operations::kMaxBulkFiles);
        files.append(fileBody(obs, QStringLiteral("one-too-many.fits")));
        const QString before = storedContent();
        const QString problem =
            refusalProblem(m_ops->registerFiles(files, QStringLiteral("t")), ErrorKind::Invalid,
                           QStringLiteral("body: 100001 files, at most 100000"), before);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void fileNeedsAnExistingObservation()
    {
        const QString before = storedContent();
        const auto refused =
            m_ops->registerFile(fileBody(QStringLiteral("6f9619ff-8b86-4d01-b42d-00cf4fc964ff"),
                                         QStringLiteral("a.fits")),
                                QStringLiteral("t"));
        const QString problem =
            refusalProblem(refused, ErrorKind::Invalid,
                           QStringLiteral("executed_obs_unit_id: no executed observation "
                                          "6f9619ff-8b86-4d01-b42d-00cf4fc964ff"),
                           before);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(outboxCount(), 0);
    }

    /// CONTRACT §6: a sum over 2^63 - 1 is refused up front, not stored to break every read of
    /// the observation's totals later: within one request, and on top of what is stored (a file
    /// of 2^63 - 1 bytes, then one more byte; also when the large file came first, small ones
    /// after it).
    void filesThatWouldSumPastTheLargestIntegerAreRefused()
    {
        const auto obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 31}}, QStringLiteral("t"));
        QVERIFY(obs.ok());
        const qint64 largest = std::numeric_limits<qint64>::max();
        const auto sized = [&](const QString &path, qint64 size) {
            QJsonObject file = fileBody(obs->id, path);
            file.insert(QStringLiteral("size_bytes"), size);
            return file;
        };
        QString before = storedContent();
        const auto inOne =
            m_ops->registerFiles(QJsonArray{sized(QStringLiteral("a.fits"), 5),
                                            sized(QStringLiteral("b.fits"), largest)},
                                 QStringLiteral("t"));
        QString problem = refusalProblem(
            inOne, ErrorKind::Invalid,
            QStringLiteral("[1].size_bytes: %1 would bring the files of executed observation %2 "
                           "past 9223372036854775807 bytes")
                .arg(largest)
                .arg(obs->id),
            before);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        QVERIFY(m_ops
                    ->registerFile(sized(QStringLiteral("huge.fits"), largest - 10),
                                   QStringLiteral("t"))
                    .ok());
        QVERIFY(
            m_ops->registerFile(sized(QStringLiteral("small.fits"), 4), QStringLiteral("t")).ok());
        before = storedContent();
        const auto onTop =
            m_ops->registerFile(sized(QStringLiteral("one-more.fits"), 7), QStringLiteral("t"));
        problem = refusalProblem(
            onTop, ErrorKind::Invalid,
            QStringLiteral("size_bytes: 7 would bring the files of executed observation %1 past "
                           "9223372036854775807 bytes (%2 already registered)")
                .arg(obs->id)
                .arg(largest - 6),
            before);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Up to the largest integer exactly is still fine, and the totals read back exact.
        QVERIFY(
            m_ops->registerFile(sized(QStringLiteral("last.fits"), 6), QStringLiteral("t")).ok());
        QCOMPARE(BufferProbe(m_path)
                     .scalar(QStringLiteral("SELECT sum(size_bytes) FROM raw_data_file"))
                     .toLongLong(),
                 largest);
        // Whether an observation holds such a file is one seek in the partial index, not a scan
        // of its files: the usual registration pays nothing for this check.
        const QVariantList plan = BufferProbe(m_path).column(
            QStringLiteral("EXPLAIN QUERY PLAN SELECT 1 FROM raw_data_file WHERE "
                           "executed_obs_unit_id = 'x' AND size_bytes >= 1099511627776 LIMIT 1"),
            3);
        QVERIFY2(plan.size() == 1 && plan.first().toString().contains(u"INDEX file_large"),
                 qPrintable(plan.value(0).toString()));
    }

    void packageLifecycle()
    {
        const QString obs = startObservation();
        QJsonArray files{
            fileBody(obs, QStringLiteral("a.fits"), 400),
            fileBody(obs, QStringLiteral("b.fits"), 500),
            fileBody(obs, QStringLiteral("c.fits"), 200),
            fileBody(obs, QStringLiteral("other.fits"), 1, QStringLiteral("primecam-280"))};
        const QStringList ids =
            m_ops->registerFiles(files, QStringLiteral("t"))->ids.toStringList();
        const auto package = [&](const QString &name, const QStringList &fileIds) {
            return m_ops->createPackage(
                {{QStringLiteral("name"), name},
                 {QStringLiteral("executed_obs_unit_id"), obs},
                 {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                 {QStringLiteral("file_ids"), QJsonArray::fromStringList(fileIds)}},
                QStringLiteral("t"));
        };
        const QString before = storedContent();
        QString problem = refusalProblem(
            package(QStringLiteral("too-big"), ids.mid(0, 3)), ErrorKind::Invalid,
            QStringLiteral(
                "file_ids: the files add up to 1100 bytes, over the package limit of 1000 bytes"),
            before); // 1100 > 1000
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        problem = refusalProblem(
            package(QStringLiteral("mixed"), {ids[0], ids[3]}), ErrorKind::Invalid,
            QStringLiteral(
                "file_ids[1]: file %1 is from instrument module \"primecam-280\", not \"chai-lfa\"")
                .arg(ids[3]),
            before);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        const auto created = package(QStringLiteral("pkg-1"), ids.mid(0, 2));
        QVERIFY(created.ok());
        BufferProbe probe(m_path);
        QCOMPARE(probe
                     .scalar(QStringLiteral(
                                 "SELECT total_size_bytes FROM raw_data_package WHERE id = ?"),
                             {created->id})
                     .toLongLong(),
                 900);
        QCOMPARE(probe.count(QStringLiteral("raw_data_file"),
                             QStringLiteral("raw_data_package_id = ?"), {created->id}),
                 2);
        const QString packaged = storedContent();
        problem = refusalProblem(package(QStringLiteral("pkg-2"), {ids[1]}), ErrorKind::Conflict,
                                 QStringLiteral("file_ids[0]: file %1 is already in package %2")
                                     .arg(ids[1], created->id),
                                 packaged);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        problem = refusalProblem(
            package(QStringLiteral("pkg-1"), {ids[2]}), ErrorKind::Conflict,
            QStringLiteral("name: a raw data package named \"pkg-1\" already exists (%1)")
                .arg(created->id),
            packaged);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        QVERIFY(m_ops->finalizePackage(created->id, QStringLiteral("t")).ok());
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status FROM raw_data_package WHERE id = ?"),
                             {created->id})
                     .toString(),
                 QStringLiteral("complete"));
        QVERIFY(
            !probe
                 .scalar(QStringLiteral("SELECT finalized_at FROM raw_data_package WHERE id = ?"),
                         {created->id})
                 .isNull());
        const QString finalized = storedContent();
        problem = refusalProblem(
            m_ops->finalizePackage(created->id, QStringLiteral("t")), ErrorKind::Conflict,
            QStringLiteral("raw data package %1 is already complete; only a building")
                .arg(created->id),
            finalized);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void stagingAndCancellationWithAudit()
    {
        const QString obs = startObservation();
        const QStringList ids =
            m_ops->registerFiles({fileBody(obs, QStringLiteral("a.fits"))}, QStringLiteral("t"))
                ->ids.toStringList();
        const QString building =
            m_ops
                ->createPackage({{QStringLiteral("name"), QStringLiteral("p")},
                                 {QStringLiteral("executed_obs_unit_id"), obs},
                                 {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                                 {QStringLiteral("file_ids"), QJsonArray::fromStringList(ids)}},
                                QStringLiteral("t"))
                ->id;
        const QJsonObject stage{
            {QStringLiteral("raw_data_package_ids"), QJsonArray{building}},
            {QStringLiteral("destination"), QStringLiteral("ramses-processing")}};
        const QString unstaged = storedContent();
        const QString stillBuilding = refusalProblem(
            m_ops->requestStaging(stage, QStringLiteral("t")), ErrorKind::Conflict,
            QStringLiteral("raw_data_package_ids[0]: package %1 is building").arg(building),
            unstaged); // still building
        QVERIFY2(stillBuilding.isEmpty(), qPrintable(stillBuilding));
        QVERIFY(m_ops->finalizePackage(building, QStringLiteral("t")).ok());
        const auto job = m_ops->requestStaging(stage, QStringLiteral("automation"));
        QVERIFY(job.ok());
        BufferProbe probe(m_path);
        QCOMPARE(
            probe.scalar(QStringLiteral("SELECT status FROM staging_job WHERE id = ?"), {job->id})
                .toString(),
            QStringLiteral("pending"));
        QCOMPARE(probe.count(QStringLiteral("staging_job_package"),
                             QStringLiteral("staging_job_id = ?"), {job->id}),
                 1);

        const QString staged = storedContent();
        QString problem = refusalProblem(
            m_ops->cancelStaging(job->id, QString(), QStringLiteral("desk"), true),
            ErrorKind::Invalid,
            QStringLiteral("reason: a reason is required to cancel a staging job"), staged);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto cancelled = m_ops->cancelStaging(job->id, QStringLiteral("wrong destination"),
                                                    QStringLiteral("desk"), true);
        QVERIFY(cancelled.ok());
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status || '/' || cancelled_by || '/' || "
                                            "cancel_reason FROM staging_job WHERE id = ?"),
                             {job->id})
                     .toString(),
                 QStringLiteral("cancelled/desk/wrong destination"));
        QCOMPARE(probe.count(QStringLiteral("operator_action"),
                             QStringLiteral(
                                 "target_id = ? AND action = 'cancel_staging' AND actor = 'desk'"),
                             {job->id}),
                 1);
        const QString cancelledContent = storedContent();
        problem = refusalProblem(
            m_ops->cancelStaging(job->id, QStringLiteral("again"), QStringLiteral("desk")),
            ErrorKind::Conflict,
            QStringLiteral("staging job %1 is already cancelled; only a pending").arg(job->id),
            cancelledContent);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void fullDiskRefusesAndWritesNothing()
    {
        const QString obs = startObservation();
        const qint64 before = outboxCount();
        QSqlQuery q(m_buffer->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
        const int pages = q.value(0).toInt();
        QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)));
        QJsonArray files;
        for (int i = 0; i < 5000; ++i)
            files.append(fileBody(obs, QStringLiteral("f%1.fits").arg(i)));
        const QString content = storedContent();
        const auto refused = m_ops->registerFiles(files, QStringLiteral("t"));
        const QString problem = refusalProblem(
            refused, ErrorKind::Unavailable,
            QStringLiteral("the local buffer cannot be written (outbox: database or disk is full)"),
            content);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(outboxCount(), before);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file")), 0);
    }

    /// The buffer's files as a kill -9 would leave them: database and WAL, nothing checkpointed.
    QString crashedCopy(const QString &name)
    {
        const QString copy = m_dir.filePath(name);
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile::remove(copy + suffix);
            if (!QFile::copy(m_path + suffix, copy + suffix))
                return {};
        }
        return copy;
    }
    static qint64 startsIn(const QString &path)
    {
        return BufferProbe(path).count(QStringLiteral("executed_obs_unit"));
    }

    void damagedWalIsReportedAndKept()
    {
        for (int i = 0; i < 60; ++i)
            QVERIFY(!startObservation(100 + i).isEmpty());
        // Intact: everything replays, nothing to say.
        const QString intact = crashedCopy(QStringLiteral("intact.sqlite"));
        QVERIFY(!intact.isEmpty());
        {
            Buffer reopened;
            QVERIFY(reopened.open(intact, Buffer::Role::Owner).ok());
            QVERIFY2(reopened.damageReport().isEmpty(), qPrintable(reopened.damageReport()));
        }
        QCOMPARE(startsIn(intact), 60);

        for (const char *damage : {"flipped", "truncated"}) {
            const QString copy =
                crashedCopy(QString::fromLatin1(damage) + QStringLiteral(".sqlite"));
            QFile wal(copy + QStringLiteral("-wal"));
            QVERIFY(wal.open(QIODevice::ReadWrite));
            const QByteArray original = wal.readAll();
            const qint64 middle = original.size() / 2;
            if (qstrcmp(damage, "flipped") == 0) {
                wal.seek(middle);
                wal.write(QByteArray(8, '\xA5'));
            } else {
                wal.resize(middle + 100); // mid-frame
            }
            wal.close();
            Buffer reopened;
            QVERIFY(reopened.open(copy, Buffer::Role::Owner).ok());
            // SQLite replays only what precedes the damage; the loss is said, and the WAL as it
            // was is kept for whoever reconstructs the missing work.
            QVERIFY(startsIn(copy) < 60);
            QVERIFY2(reopened.damageReport().contains(QStringLiteral("WAL")),
                     qPrintable(reopened.damageReport()));
            const QStringList kept = QDir(m_dir.path())
                                         .entryList({QString::fromLatin1(damage) +
                                                     QStringLiteral(".sqlite-wal.damaged-*")});
            QCOMPARE(kept.size(), 1);
            QFile keptFile(m_dir.filePath(kept.first()));
            QVERIFY(keptFile.open(QIODevice::ReadOnly));
            QCOMPARE(keptFile.size(),
                     qstrcmp(damage, "flipped") == 0 ? original.size() : middle + 100);
        }
    }

    void indexDamageIsFoundAndRepaired()
    {
        const QString obs = startObservation();
        QJsonArray files;
        for (int i = 0; i < 500; ++i)
            files.append(fileBody(obs, QStringLiteral("i%1.fits").arg(i)));
        QVERIFY(m_ops->registerFiles(files, QStringLiteral("t")).ok());
        m_ops.reset();
        m_buffer.reset();
        // An index whose entries no longer match its table: the quick check at start does not
        // compare them, and reads through it return wrong rows.
        {
            BufferProbe raw(m_path);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA writable_schema = ON")));
            QVERIFY(raw.exec(
                QStringLiteral("UPDATE sqlite_schema SET sql = 'CREATE INDEX file_package ON "
                               "raw_data_file(checksum)' WHERE name = 'file_package'")));
        }
        QVERIFY(BufferProbe(m_path).scalar(QStringLiteral("PRAGMA quick_check")).toString() ==
                QLatin1StringView("ok"));
        const IntegrityCheck::Outcome found = IntegrityCheck::run(m_path);
        QVERIFY(!found.problems.isEmpty());
        QVERIFY2(found.repaired, qPrintable(found.describe()));
        QCOMPARE(IntegrityCheck::run(m_path).problems, QStringList());
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file")), 500);
    }

    void quarantineRecoversTokensAndUnsyncedWork()
    {
        const QString obs = startObservation();
        QVERIFY(!obs.isEmpty());
        QVERIFY(
            m_ops->registerFile(fileBody(obs, QStringLiteral("r.fits")), QStringLiteral("t")).ok());
        const auto secret = TokenStore(m_buffer->database())
                                .create(QStringLiteral("automation"), {QStringLiteral("admin")},
                                        QStringLiteral("t"));
        QVERIFY(secret.ok());
        QStringList pending;
        {
            QSqlQuery q(m_buffer->database());
            QVERIFY(q.exec(QStringLiteral("SELECT id FROM outbox ORDER BY seq")));
            while (q.next())
                pending << q.value(0).toString();
        }
        QCOMPARE(pending.size(), 2);
        m_ops.reset();
        m_buffer.reset();
        // The last run's full check failed: this start moves the file aside and recovers.
        QFile marker(Buffer::recoveryMarker(m_path));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
        Buffer reopened;
        QVERIFY(reopened.open(m_path, Buffer::Role::Owner).ok());
        QVERIFY(!reopened.quarantinedPath().isEmpty());
        QVERIFY(QFile::exists(reopened.quarantinedPath()));
        QVERIFY(!QFile::exists(Buffer::recoveryMarker(m_path)));
        QVERIFY2(reopened.damageReport().contains(QStringLiteral("1 API token(s) and 2 unsynced")),
                 qPrintable(reopened.damageReport()));
        QVERIFY(TokenStore(reopened.database()).authenticate(secret.value()).has_value());
        QStringList recovered;
        QSqlQuery q(reopened.database());
        QVERIFY(
            q.exec(QStringLiteral("SELECT id FROM outbox WHERE state = 'pending' ORDER BY seq")));
        while (q.next())
            recovered << q.value(0).toString();
        QCOMPARE(recovered, pending);
    }

    void emptyBufferFileIsDamageNotANewBuffer()
    {
        m_ops.reset();
        m_buffer.reset();
        const QString empty = m_dir.filePath(QStringLiteral("empty.sqlite"));
        QFile file(empty);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        Buffer buffer;
        QVERIFY(buffer.open(empty, Buffer::Role::Owner).ok());
        QVERIFY(!buffer.quarantinedPath().isEmpty());
        QVERIFY(QFile::exists(buffer.quarantinedPath()));
        QVERIFY2(buffer.damageReport().contains(QStringLiteral("empty")),
                 qPrintable(buffer.damageReport()));
    }

    void damagedBufferIsMovedAsideNotDeleted()
    {
        m_ops.reset();
        m_buffer.reset();
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.sqlite"));
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x')); // not a database at all
        file.close();
        Buffer buffer;
        QVERIFY(buffer.open(damaged, Buffer::Role::Owner).ok());
        QVERIFY(!buffer.quarantinedPath().isEmpty());
        QFile kept(buffer.quarantinedPath());
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray(8192, 'x'));
        QSqlQuery q(buffer.database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), Buffer::schemaVersion());
    }
};

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
