#pragma once

#include "transaction.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace ops {

/// Small transactions this process wrote to the outbox, kept until the sync engine reads them,
/// so that it need not read them back from their payload's JSON: for a start that reading was
/// ~50,000 instructions of the sync thread's ~190,000. One per buffer file, shared by the
/// writers' and the sync engine's connections.
///
/// A kept transaction is handed out only against the payload the outbox holds for it, byte for
/// byte: what the sync engine sends is always what was committed. Anything not kept (a process
/// restarted, a large bulk, a write rolled back, an entry pushed out by newer ones) is read from
/// its payload as before.
class WrittenTransactions final
{
    Q_DISABLE_COPY_MOVE(WrittenTransactions)
public:
    static std::shared_ptr<WrittenTransactions> forBuffer(const QString &bufferPath);

    /// Payloads larger than this are not kept (a bulk's rows are worth re-reading once).
    static constexpr qsizetype kMaxPayloadBytes = 16 * 1024;
    /// The payloads kept take at most this much; the oldest go first.
    static constexpr qsizetype kMaxKeptBytes = 2 * 1024 * 1024;

    /// `payload` is tx.payload(), as written to the outbox.
    void keep(const Transaction &tx, const QByteArray &payload);
    /// The kept transaction `id` if its payload is `payload`; it is kept no longer either way.
    std::optional<Transaction> take(const QString &id, const QByteArray &payload);

    qsizetype keptCount() const;

private:
    WrittenTransactions() = default;
    struct Kept
    {
        Transaction tx;
        QByteArray payload;
    };
    void forgetOldest();

    mutable std::mutex m_mutex;
    QHash<QString, Kept> m_kept;
    std::deque<QString> m_order; ///< ids in the order kept; some may be taken already
    qsizetype m_keptBytes = 0;
};

} // namespace ops
