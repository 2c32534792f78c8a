#include "statuswatcher.h"

#include "buffer.h"
#include "bufferevents.h"
#include "clock.h"
#include "summarytext.h"
#include "timestamps.h"

#include <QtConcurrent>

namespace ops {

StatusWatcher::StatusWatcher(QString bufferPath, QString site, QString siteType,
                             std::shared_ptr<SyncStatus> sync, QObject *parent)
    : QObject(parent), m_bufferPath(std::move(bufferPath)), m_sync(std::move(sync))
{
    m_status.site = std::move(site);
    m_status.siteType = std::move(siteType);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StatusWatcher::poll);
    connect(BufferEvents::instance(), &BufferEvents::transactionsChanged, this,
            &StatusWatcher::poll);
    connect(&m_watcher, &QFutureWatcher<BufferCounts>::finished, this, [this] {
        m_status.counts = m_watcher.result();
        m_status.sync = m_sync->snapshot();
        const qint64 now = Clock::system().nowMicros();
        m_status.oldestPendingAgeSeconds =
            m_status.counts.oldestPendingAt.isEmpty()
                ? 0
                : std::max<qint64>(
                      0, now - timestamps::parse(m_status.counts.oldestPendingAt).value_or(now)) /
                      1e6;
        Q_EMIT changed();
    });
    m_timer.start();
    poll();
}

void StatusWatcher::poll()
{
    if (m_watcher.isRunning())
        return;
    m_watcher.setFuture(QtConcurrent::run([path = m_bufferPath] {
        Buffer buffer;
        if (!buffer.open(path))
            return BufferCounts{};
        return MergedReader(buffer.database()).counts();
    }));
}

QString StatusWatcher::summary() const
{
    QString central;
    switch (m_status.sync.central) {
    case SyncStatus::Central::Connected:
        central = tr("central: connected");
        break;
    case SyncStatus::Central::Disconnected:
        central = tr("central: disconnected");
        break;
    case SyncStatus::Central::NotConfigured:
        central = tr("no central database configured");
        break;
    }
    QString pending =
        m_status.counts.pending == 0
            ? tr("nothing pending")
            : tr("%n pending, oldest %1", "", static_cast<int>(m_status.counts.pending))
                  .arg(m_status.oldestPendingAgeSeconds < 120
                           ? tr("%1 s").arg(qRound(m_status.oldestPendingAgeSeconds))
                           : tr("%1 min").arg(qRound(m_status.oldestPendingAgeSeconds / 60)));
    if (m_status.counts.failed > 0)
        pending +=
            QStringLiteral(" · ") + tr("%n failed", "", static_cast<int>(m_status.counts.failed));
    return QStringLiteral("%1 (%2) · %3 · %4")
        .arg(m_status.site, summarytext::siteType(m_status.siteType), central, pending);
}

} // namespace ops
