#pragma once

#include "buffer.h"
#include "clock.h"
#include "localapplier.h"
#include "result.h"
#include "transaction.h"

#include <QSet>

#include <limits>

namespace ops {

/// One buffered transaction as the outbox holds it.
class WrittenTransactions;

struct OutboxEntry
{
    qint64 seq = 0;
    QString id;
    QString state; ///< pending | failed | applied | discarded
    int attempts = 0;
    QString nextAttemptAt;
    QString lastError;
    Transaction tx;
};

/// The queue of acknowledged transactions, in acknowledgment order (seq), and the bookkeeping
/// that follows their fate: applied (rows become synced), dead-lettered (rows become failed),
/// retried, or discarded (their effects leave the merged state). All methods except append()
/// open their own buffer write.
class Outbox final
{
public:
    Outbox(Buffer &buffer, const Clock &clock = Clock::system());

    /// Inside an open write: queues `tx` and applies it to the merged state. Returns its seq.
    /// `createHash`, when given, is stored by the create it names (see LocalApplier::CreateHash).
    /// `written`, when given, keeps the transaction for the sync engine (see WrittenTransactions).
    static Result<qint64> append(QSqlDatabase db, const Transaction &tx, qint64 recordCount,
                                 std::optional<LocalApplier::CreateHash> createHash = std::nullopt,
                                 WrittenTransactions *written = nullptr);

    /// Pending transactions, oldest first: at most `limit`, and no more once `rowBudget` rows
    /// are collected (payloads are read and parsed one at a time, only as far as needed).
    QList<OutboxEntry> due(int limit, qint64 rowBudget = std::numeric_limits<qint64>::max(),
                           qint64 afterSeq = 0) const;
    std::optional<OutboxEntry> find(const QString &id) const;

    /// Central committed these: they leave the queue and their rows become synced where no later
    /// local change is waiting.
    Status markApplied(const QList<OutboxEntry> &entries);
    /// A transient failure: try again at `nextAttemptAt`.
    Status scheduleRetry(qint64 seq, const QString &nextAttemptAt, const QString &error);
    /// A permanent failure: dead-letter it with central's message; its rows show `failed`.
    Status deadLetter(qint64 seq, const QString &error);

    /// Operator: a dead-lettered transaction goes back to pending. Audited.
    Result<QString> retry(const QString &id, const QString &actor, const QString &site);
    /// Operator: a dead-lettered transaction is dropped; its effects leave the merged state and
    /// transactions depending on its records are dead-lettered in turn. Audited.
    Result<QString> discard(const QString &id, const QString &reason, const QString &actor,
                            const QString &site);

    /// Rebuilds the merged rows of `ids` from central's rows plus the pending and failed
    /// transactions touching them. Call inside an open write.
    static Status rebuild(QSqlDatabase db, const QSet<QString> &ids);

private:
    /// Moves entries[from, to) to the history in one write transaction.
    Status markChunkApplied(const QList<OutboxEntry> &entries, qsizetype from, qsizetype to,
                            const QString &now);
    Result<OutboxEntry> failedEntry(const QString &id) const;
    Status audit(const QString &action, const QString &txId, const QString &reason,
                 const QString &actor, const QString &site);

    Buffer &m_buffer;
    const Clock &m_clock;
};

} // namespace ops
