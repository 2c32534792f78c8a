#include "syncstatus.h"

namespace ops {

SyncStatus::Snapshot SyncStatus::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_snapshot;
}

void SyncStatus::update(const std::function<void(Snapshot &)> &change)
{
    QMutexLocker lock(&m_mutex);
    change(m_snapshot);
}

QString SyncStatus::centralName(Central central)
{
    switch (central) {
    case Central::Connected:
        return QStringLiteral("connected");
    case Central::Disconnected:
        return QStringLiteral("disconnected");
    case Central::NotConfigured:
        break;
    }
    return QStringLiteral("not_configured");
}

} // namespace ops
