#pragma once

#include <QMutex>
#include <QString>

#include <functional>

namespace ops {

/// What the sync worker last knew, shared with /health and the status bar. Thread-safe.
class SyncStatus final
{
public:
    enum class Central
    {
        NotConfigured,
        Connected,
        Disconnected
    };

    struct Snapshot
    {
        Central central = Central::NotConfigured;
        QString state = QStringLiteral("disabled"); ///< disabled | idle | applying | waiting
        QString lastSuccess;                        ///< canonical timestamp or empty
        QString lastError;
        qint64 transactionsAppliedByThisProcess = 0; ///< since start, for /metrics
        qint64 rowsApplied = 0;                      ///< since start, for /metrics
        qint64 lastPullMicros = 0;                   ///< last pull that reached central, or 0
        /// Set when the background integrity check failed: reads may be wrong until a restart
        /// quarantines the file and recovers what it can.
        QString bufferDamage;
    };

    Snapshot snapshot() const;
    void update(const std::function<void(Snapshot &)> &change);

    static QString centralName(Central central);

private:
    mutable QMutex m_mutex;
    Snapshot m_snapshot;
};

} // namespace ops
