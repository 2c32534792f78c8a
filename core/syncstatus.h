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
    };

    Snapshot snapshot() const;
    void update(const std::function<void(Snapshot &)> &change);

    static QString centralName(Central central);

private:
    mutable QMutex m_mutex;
    Snapshot m_snapshot;
};

} // namespace ops
