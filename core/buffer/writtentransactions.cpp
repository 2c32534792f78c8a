#include "writtentransactions.h"

#include "perbufferfile.h"

namespace ops {

std::shared_ptr<WrittenTransactions> WrittenTransactions::forBuffer(const QString &bufferPath)
{
    return perBufferFile<WrittenTransactions>(bufferPath, [] { return new WrittenTransactions; });
}

void WrittenTransactions::keep(const Transaction &tx, const QByteArray &payload)
{
    if (payload.size() > kMaxPayloadBytes)
        return;
    std::lock_guard lock(m_mutex);
    // A transaction is written once; were it kept again, its first place in line stands.
    if (const auto earlier = m_kept.find(tx.id); earlier != m_kept.end()) {
        m_keptBytes -= earlier->payload.size();
        *earlier = Kept{tx, payload};
    } else {
        m_kept.insert(tx.id, Kept{tx, payload});
        m_order.push_back(tx.id);
    }
    m_keptBytes += payload.size();
    while (m_keptBytes > kMaxKeptBytes)
        forgetOldest();
    // Ids taken long ago still queue here; they go once the queue is much longer than what is
    // kept.
    while (m_order.size() > 2 * static_cast<size_t>(m_kept.size()) + 64)
        forgetOldest();
}

std::optional<Transaction> WrittenTransactions::take(const QString &id, const QByteArray &payload)
{
    std::lock_guard lock(m_mutex);
    const auto kept = m_kept.find(id);
    if (kept == m_kept.end())
        return std::nullopt;
    std::optional<Transaction> out;
    if (kept->payload == payload)
        out = std::move(kept->tx);
    m_keptBytes -= kept->payload.size();
    m_kept.erase(kept);
    return out;
}

qsizetype WrittenTransactions::keptCount() const
{
    std::lock_guard lock(m_mutex);
    return m_kept.size();
}

void WrittenTransactions::forgetOldest()
{
    const QString id = m_order.front();
    m_order.pop_front();
    if (const auto kept = m_kept.find(id); kept != m_kept.end()) {
        m_keptBytes -= kept->payload.size();
        m_kept.erase(kept);
    }
}

} // namespace ops
