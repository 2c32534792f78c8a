#include "outbox.h"

#include "bufferevents.h"
#include "localapplier.h"
#include "logging.h"
#include "schema.h"
#include "sqlsupport.h"
#include "timestamps.h"
#include "transactionbuilder.h"
#include "writtentransactions.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <sqlite3.h>

#include <array>

namespace ops {

namespace {

QString keyColumn(const schema::Table &table)
{
    return table.name == schema::kStagingJobPackage ? QStringLiteral("staging_job_id")
                                                    : QStringLiteral("id");
}

/// Runs `sql` (with one "%1" for a "(?,?,...)" list) over `ids` in chunks SQLite accepts.
Status forEachChunk(QSqlDatabase db, const QStringList &ids, const QString &sqlText,
                    const QVariantList &leading = {})
{
    constexpr int kChunk = 500;
    for (qsizetype from = 0; from < ids.size(); from += kChunk) {
        const QStringList chunk = ids.mid(from, kChunk);
        QStringList marks(chunk.size(), QStringLiteral("?"));
        QSqlQuery query(db);
        query.prepare(
            sqlText.arg(QStringLiteral("(") + marks.join(QLatin1Char(',')) + QStringLiteral(")")));
        int i = 0;
        for (const QVariant &v : leading)
            query.bindValue(i++, v);
        for (const QString &id : chunk)
            query.bindValue(i++, id);
        if (auto ran = sql::exec(query, QStringLiteral("outbox bookkeeping")); !ran)
            return ran;
    }
    return success();
}

/// Central's rows the pull kept aside because a local change central did not take held one of
/// their unique keys (CentralPuller::pull): written now where that key is free again.
Status showHeldAside(QSqlDatabase db)
{
    for (const schema::Table &table : schema::tables()) {
        if (keyColumn(table) != QLatin1StringView("id"))
            continue;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT row, change_seq FROM central_row c WHERE table_name = ? "
                                 "AND NOT EXISTS (SELECT 1 FROM %1 t WHERE t.id = c.record_id)")
                      .arg(QString(table.name)));
        q.addBindValue(QString(table.name));
        if (auto ran = sql::exec(q, QStringLiteral("central_row")); !ran)
            return ran;
        QList<std::pair<QJsonObject, qint64>> rows;
        while (q.next())
            rows.append({QJsonDocument::fromJson(q.value(0).toByteArray()).object(),
                         q.value(1).toLongLong()});
        q.finish();
        for (const auto &[row, changeSeq] : std::as_const(rows))
            if (auto written =
                    LocalApplier::writeCentralRow(db, QString(table.name), row, changeSeq);
                !written && written.error().kind != ErrorKind::Conflict)
                return written; // a conflict: the key is still held by another waiting change
    }
    return success();
}

/// `written`, when given, is asked first for the transaction, against the payload stored.
std::optional<OutboxEntry> entryFrom(const QSqlQuery &q, WrittenTransactions *written = nullptr)
{
    // Columns: seq, id, state, attempts, next_attempt_at, last_error, payload
    const QString id = q.value(1).toString();
    const QByteArray payload = q.value(6).toByteArray();
    std::optional<Transaction> kept = written ? written->take(id, payload) : std::nullopt;
    auto tx = kept ? Result<Transaction>(std::move(*kept)) : Transaction::fromPayload(id, payload);
    if (!tx) {
        qCCritical(lcSync) << "outbox entry" << q.value(1).toString()
                           << "cannot be read:" << tx.error().message;
        return std::nullopt;
    }
    return OutboxEntry{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                       q.value(3).toInt(),      q.value(4).toString(), q.value(5).toString(),
                       std::move(tx).value()};
}

const QString kEntryColumns =
    QStringLiteral("seq, id, state, attempts, next_attempt_at, last_error, payload");

} // namespace

Outbox::Outbox(Buffer &buffer, const Clock &clock) : m_buffer(buffer), m_clock(clock) {}

Result<qint64> Outbox::append(QSqlDatabase db, const Transaction &tx, qint64 recordCount,
                              std::optional<LocalApplier::CreateHash> createHash,
                              WrittenTransactions *written)
{
    // Bound through SQLite's own API (see sql::prepareCachedStatement): this runs for every
    // acknowledgment. The number follows the highest in the outbox and its history, so it is never
    // given twice (see the outbox's last migration); both maxima are one seek down a primary key.
    auto insert = sql::prepareCachedStatement(
        db, QStringLiteral("INSERT INTO outbox (seq, id, kind, summary, actor, created_at, "
                           "step_count, record_count, payload) VALUES (max(coalesce((SELECT "
                           "max(seq) FROM outbox), 0), coalesce((SELECT max(seq) FROM "
                           "outbox_history), 0)) + 1, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!insert)
        return insert.error();
    sqlite3_stmt *statement = insert.value();
    std::array<QByteArray, 5> text;
    sql::bindText(statement, 1, tx.id, text[0]);
    sql::bindText(statement, 2, tx.kind, text[1]);
    sql::bindText(statement, 3, tx.summary, text[2]);
    sql::bindText(statement, 4, tx.actor, text[3]);
    sql::bindText(statement, 5, tx.createdAt, text[4]);
    sqlite3_bind_int64(statement, 6, tx.steps.size());
    sqlite3_bind_int64(statement, 7, recordCount);
    const QByteArray payload = tx.payload();
    sqlite3_bind_blob64(statement, 8, payload.constData(),
                        static_cast<sqlite3_uint64>(payload.size()), SQLITE_STATIC);
    if (auto ran = sql::stepOnce(statement, QStringLiteral("outbox")); !ran)
        return ran.error();
    const qint64 seq = sqlite3_last_insert_rowid(sqlite3_db_handle(statement));
    if (auto applied = LocalApplier(db, seq, std::nullopt, std::move(createHash)).apply(tx);
        !applied)
        return applied.error();
    if (written)
        written->keep(tx, payload);
    return seq;
}

QList<OutboxEntry> Outbox::due(int limit, qint64 rowBudget, qint64 afterSeq) const
{
    QList<OutboxEntry> entries;
    QSqlQuery q(m_buffer.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY "
                             "seq LIMIT ?")
                  .arg(kEntryColumns));
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!q.exec())
        return entries;
    qint64 rows = 0;
    while (rows < rowBudget && q.next()) {
        if (auto entry = entryFrom(q, &m_buffer.written())) {
            rows += entry->tx.rowCount();
            entries.append(std::move(*entry));
        }
    }
    return entries;
}

std::optional<OutboxEntry> Outbox::find(const QString &id) const
{
    QSqlQuery q(m_buffer.database());
    q.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE id = ?").arg(kEntryColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return entryFrom(q);
}

Status Outbox::markApplied(const QList<OutboxEntry> &entries)
{
    const QString now = timestamps::format(m_clock.nowMicros());
    // In short write transactions: a batch of 2,000 in one held the write lock ~20 ms, and every
    // acknowledgment waited behind it (chunks of 50, as the pull's). Each chunk is whole by
    // itself; one not yet marked is found applied on central next time (its applied_transaction
    // row) and marked then.
    constexpr qsizetype kChunk = 50;
    Status done = success();
    for (qsizetype from = 0; done && from < entries.size(); from += kChunk)
        done = markChunkApplied(entries, from, std::min(from + kChunk, entries.size()), now);
    if (done)
        Q_EMIT BufferEvents::instance()->transactionsChanged();
    return done;
}

Status Outbox::markChunkApplied(const QList<OutboxEntry> &entries, qsizetype from, qsizetype to,
                                const QString &now)
{
    return m_buffer.write(
        [&]() -> Status {
            // Two statements for the chunk, not two for each transaction: the transactions'
            // numbers go in as one JSON array.
            QByteArray seqs("[");
            for (qsizetype i = from; i < to; ++i) {
                if (i > from)
                    seqs.append(',');
                seqs.append(QByteArray::number(entries[i].seq));
            }
            seqs.append(']');
            const QString chosen = QString::fromLatin1(seqs);
            QSqlDatabase db = m_buffer.database();
            QSqlQuery history(db);
            // The payload is no longer needed once central holds it: the transaction moves to the
            // history without it.
            history.prepare(QStringLiteral(
                "INSERT OR REPLACE INTO outbox_history (seq, id, kind, summary, actor, "
                "created_at, applied_at, attempts, record_count) SELECT seq, id, kind, "
                "summary, actor, created_at, ?, attempts + 1, record_count FROM outbox "
                "WHERE seq IN (SELECT value FROM json_each(?))"));
            history.addBindValue(now);
            history.addBindValue(chosen);
            if (auto ran = sql::exec(history, QStringLiteral("outbox_history")); !ran)
                return ran;
            QSqlQuery remove(db);
            remove.prepare(
                QStringLiteral("DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))"));
            remove.addBindValue(chosen);
            if (auto ran = sql::exec(remove, QStringLiteral("outbox")); !ran)
                return ran;
            // Their rows now read as synced wherever one of them was their newest change:
            // sync_state is derived from the outbox, so no row is rewritten here.
            return success();
        },
        // Lost in a power cut, these transactions go back to pending; central's applied_transaction
        // rows find them applied when they are sent again, and they are marked then.
        Buffer::Durability::Deferred);
}

Status Outbox::scheduleRetry(qint64 seq, const QString &nextAttemptAt, const QString &error)
{
    return m_buffer.write([&]() -> Status {
        QSqlQuery q(m_buffer.database());
        q.prepare(QStringLiteral("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                                 "last_error = ? WHERE seq = ?"));
        q.addBindValue(nextAttemptAt);
        q.addBindValue(error);
        q.addBindValue(seq);
        return sql::exec(q, QStringLiteral("outbox"));
    });
}

Status Outbox::deadLetter(qint64 seq, const QString &error)
{
    const Status done = m_buffer.write([&]() -> Status {
        QSqlDatabase db = m_buffer.database();
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, "
            "next_attempt_at = NULL WHERE seq = ?"));
        q.addBindValue(error);
        q.addBindValue(seq);
        if (auto ran = sql::exec(q, QStringLiteral("outbox")); !ran)
            return ran;
        QSqlQuery read(db);
        read.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE seq = ?").arg(kEntryColumns));
        read.addBindValue(seq);
        if (!read.exec() || !read.next())
            return success();
        const auto entry = entryFrom(read);
        if (!entry)
            return success();
        const QStringList ids = entry->tx.recordIds();
        for (const schema::Table &table : schema::tables())
            if (auto marked = forEachChunk(
                    db, ids,
                    QStringLiteral("UPDATE %1 SET sync_state = 'failed' WHERE %2 IN %3")
                        .arg(QString(table.name), keyColumn(table), QStringLiteral("%1")));
                !marked)
                return marked;
        return success();
    });
    if (done)
        Q_EMIT BufferEvents::instance()->transactionsChanged();
    return done;
}

Result<OutboxEntry> Outbox::failedEntry(const QString &id) const
{
    const auto entry = find(id);
    if (!entry) {
        QSqlQuery history(m_buffer.database());
        history.prepare(QStringLiteral("SELECT applied_at FROM outbox_history WHERE id = ?"));
        history.addBindValue(id);
        if (history.exec() && history.next())
            return conflict(
                QStringLiteral("transaction %1 was applied to central at %2; there is nothing to "
                               "retry or discard")
                    .arg(id, history.value(0).toString()));
        return notFound(QStringLiteral("id: no buffered transaction %1").arg(id));
    }
    if (entry->state != QLatin1StringView("failed"))
        return conflict(
            QStringLiteral("transaction %1 is %2, not failed; only a dead-lettered transaction "
                           "can be retried or discarded")
                .arg(id, entry->state));
    return *entry;
}

Status Outbox::audit(const QString &action, const QString &txId, const QString &reason,
                     const QString &actor, const QString &site)
{
    const QString now = timestamps::format(m_clock.nowMicros());
    TransactionBuilder builder(
        QStringLiteral("operator_action"),
        QStringLiteral("Audit: %1 of transaction %2").arg(action, txId.left(8)), actor, now);
    builder.create(schema::kOperatorAction,
                   {{QStringLiteral("actor"), actor},
                    {QStringLiteral("action"), action},
                    {QStringLiteral("target_table"), QStringLiteral("transaction")},
                    {QStringLiteral("target_id"), txId},
                    {QStringLiteral("reason"),
                     reason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(reason)},
                    {QStringLiteral("site"), site},
                    {QStringLiteral("created_at"), now},
                    {QStringLiteral("updated_at"), now}},
                   QStringLiteral("audit"));
    auto tx = builder.build();
    if (!tx)
        return tx.error();
    auto seq = append(m_buffer.database(), tx.value(), 1);
    return seq ? success() : Status(seq.error());
}

Result<QString> Outbox::retry(const QString &id, const QString &actor, const QString &site)
{
    QString auditId;
    const Status done = m_buffer.write([&]() -> Status {
        auto entry = failedEntry(id);
        if (!entry)
            return entry.error();
        QSqlQuery q(m_buffer.database());
        q.prepare(QStringLiteral(
            "UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE seq = ?"));
        q.addBindValue(entry->seq);
        if (auto ran = sql::exec(q, QStringLiteral("outbox")); !ran)
            return ran;
        const QStringList ids = entry->tx.recordIds();
        if (auto rebuilt = rebuild(m_buffer.database(), QSet<QString>(ids.cbegin(), ids.cend()));
            !rebuilt)
            return rebuilt;
        return audit(QStringLiteral("retry_transaction"), id, QString(), actor, site);
    });
    if (!done)
        return done.error();
    Q_EMIT BufferEvents::instance()->transactionsChanged();
    return id;
}

Result<QString> Outbox::discard(const QString &id, const QString &reason, const QString &actor,
                                const QString &site)
{
    if (reason.trimmed().isEmpty())
        return invalid(QStringLiteral("reason: a reason is required to discard a transaction"));
    const Status done = m_buffer.write([&]() -> Status {
        auto entry = failedEntry(id);
        if (!entry)
            return entry.error();
        QSqlDatabase db = m_buffer.database();
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE outbox SET state = 'discarded', next_attempt_at = NULL, "
                                 "last_error = coalesce(last_error, '') || ? WHERE seq = ?"));
        q.addBindValue(QStringLiteral(" [discarded by %1: %2]").arg(actor, reason.trimmed()));
        q.addBindValue(entry->seq);
        if (auto ran = sql::exec(q, QStringLiteral("outbox")); !ran)
            return ran;

        // Later transactions that build on its records cannot reach central any more.
        const QStringList own = entry->tx.recordIds();
        const QSet<QString> discardedIds(own.cbegin(), own.cend());
        QSqlQuery later(db);
        later.setForwardOnly(true);
        later.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE state IN ('pending', 'failed') "
                                     "AND seq > ? ORDER BY seq")
                          .arg(kEntryColumns));
        later.addBindValue(entry->seq);
        if (auto ran = sql::exec(later, QStringLiteral("outbox")); !ran)
            return ran;
        QList<qint64> dependents;
        while (later.next())
            if (const auto next = entryFrom(later);
                next && next->tx.dependencyIds().intersects(discardedIds))
                dependents << next->seq;
        later.finish();
        for (qint64 seq : std::as_const(dependents)) {
            QSqlQuery fail(db);
            fail.prepare(QStringLiteral("UPDATE outbox SET state = 'failed', next_attempt_at = "
                                        "NULL, last_error = ? WHERE seq = ?"));
            fail.addBindValue(QStringLiteral("depends on discarded transaction %1 (%2)")
                                  .arg(id, entry->tx.summary));
            fail.addBindValue(seq);
            if (auto ran = sql::exec(fail, QStringLiteral("outbox")); !ran)
                return ran;
        }
        if (auto rebuilt = rebuild(db, discardedIds); !rebuilt)
            return rebuilt;
        if (auto shown = showHeldAside(db); !shown)
            return shown;
        return audit(QStringLiteral("discard_transaction"), id, reason.trimmed(), actor, site);
    });
    if (!done)
        return done.error();
    Q_EMIT BufferEvents::instance()->transactionsChanged();
    for (const schema::Table &table : schema::tables())
        Q_EMIT BufferEvents::instance()->recordsChanged(QString(table.name));
    return id;
}

// How a row was created here (the create's transaction and request hash) belongs to this console,
// neither to central's row nor to the replayed steps: it is carried across the rebuild, so a
// create re-sent after a pull, retry or discard still answers as the first time did.
Status Outbox::rebuild(QSqlDatabase db, const QSet<QString> &ids)
{
    if (ids.isEmpty())
        return success();
    const QStringList idList(ids.cbegin(), ids.cend());
    struct Origin
    {
        QString table, id;
        QVariant transaction, hash;
    };
    QList<Origin> origins;
    constexpr int kChunk = 500;
    for (const schema::Table &table : schema::tables()) {
        if (keyColumn(table) != QLatin1StringView("id"))
            continue;
        for (qsizetype from = 0; from < idList.size(); from += kChunk) {
            const QStringList chunk = idList.mid(from, kChunk);
            QSqlQuery q(db);
            q.setForwardOnly(true);
            q.prepare(
                QStringLiteral("SELECT id, origin_tx, create_hash FROM %1 WHERE id IN (%2) "
                               "AND (origin_tx IS NOT NULL OR create_hash IS NOT NULL)")
                    .arg(QString(table.name),
                         QStringList(chunk.size(), QStringLiteral("?")).join(QLatin1Char(','))));
            for (int i = 0; i < chunk.size(); ++i)
                q.bindValue(i, chunk[i]);
            if (auto ran = sql::exec(q, QString(table.name)); !ran)
                return ran;
            while (q.next())
                origins.append(
                    {QString(table.name), q.value(0).toString(), q.value(1), q.value(2)});
        }
    }
    for (const schema::Table &table : schema::tables())
        if (auto removed =
                forEachChunk(db, idList,
                             QStringLiteral("DELETE FROM %1 WHERE %2 IN %3")
                                 .arg(QString(table.name), keyColumn(table), QStringLiteral("%1")));
            !removed)
            return removed;

    // Central's versions first...
    for (qsizetype from = 0; from < idList.size(); from += kChunk) {
        const QStringList chunk = idList.mid(from, kChunk);
        QStringList marks(chunk.size(), QStringLiteral("?"));
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
                      "SELECT table_name, row, change_seq FROM central_row WHERE record_id IN (%1)")
                      .arg(marks.join(QLatin1Char(','))));
        for (int i = 0; i < chunk.size(); ++i)
            q.bindValue(i, chunk[i]);
        if (auto ran = sql::exec(q, QStringLiteral("central_row")); !ran)
            return ran;
        while (q.next())
            if (auto written = LocalApplier::writeCentralRow(
                    db, q.value(0).toString(),
                    QJsonDocument::fromJson(q.value(1).toByteArray()).object(),
                    q.value(2).toLongLong());
                !written)
                return written;
    }

    // ...then every transaction still waiting, in order, on top.
    QSqlQuery waiting(db);
    waiting.setForwardOnly(true);
    QString filter;
    if (idList.size() <= 16) {
        QStringList parts;
        for (qsizetype i = 0; i < idList.size(); ++i)
            parts << QStringLiteral("instr(payload, ?) > 0");
        filter =
            QStringLiteral(" AND (") + parts.join(QLatin1StringView(" OR ")) + QLatin1Char(')');
    }
    waiting.prepare(
        QStringLiteral("SELECT %1 FROM outbox WHERE state IN ('pending', 'failed')%2 ORDER BY seq")
            .arg(kEntryColumns, filter));
    if (!filter.isEmpty())
        for (int i = 0; i < idList.size(); ++i)
            waiting.bindValue(i, idList[i]);
    if (auto ran = sql::exec(waiting, QStringLiteral("outbox")); !ran)
        return ran;
    QList<OutboxEntry> replays;
    while (waiting.next())
        if (auto entry = entryFrom(waiting); entry && entry->tx.dependencyIds().intersects(ids))
            replays.append(std::move(*entry));
    waiting.finish();
    for (const OutboxEntry &entry : std::as_const(replays)) {
        const QString state = entry.state == QLatin1StringView("failed")
                                  ? QStringLiteral("failed")
                                  : QStringLiteral("buffered");
        if (auto replayed =
                LocalApplier(db, entry.seq, LocalApplier::Replay{ids, state}).apply(entry.tx);
            !replayed)
            return replayed;
    }
    for (const Origin &origin : std::as_const(origins)) {
        auto keep = sql::prepareCached(
            db, QStringLiteral("UPDATE %1 SET origin_tx = ?, create_hash = ? WHERE id = ?")
                    .arg(origin.table));
        if (!keep)
            return keep.error();
        keep.value()->bindValue(0, origin.transaction);
        keep.value()->bindValue(1, origin.hash);
        keep.value()->bindValue(2, origin.id);
        if (auto ran = sql::exec(*keep.value(), origin.table); !ran)
            return ran;
    }
    return success();
}

} // namespace ops
