#pragma once

#include "mergedreader.h"
#include "syncstatus.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace ops {

/// What the status bar and the health panel show, refreshed every second and whenever the buffer
/// changes; the counts are read on a worker thread.
class StatusWatcher final : public QObject
{
    Q_OBJECT
public:
    struct Status
    {
        QString site;
        QString siteType;
        SyncStatus::Snapshot sync;
        BufferCounts counts;
        double oldestPendingAgeSeconds = 0;
    };

    StatusWatcher(QString bufferPath, QString site, QString siteType,
                  std::shared_ptr<SyncStatus> sync, QObject *parent = nullptr);

    const Status &status() const { return m_status; }
    /// One line for the status bar, e.g. "ccat (secondary) · central: connected · 3 pending, oldest
    /// 12 s".
    QString summary() const;

Q_SIGNALS:
    void changed();

private:
    void poll();

    QString m_bufferPath;
    std::shared_ptr<SyncStatus> m_sync;
    Status m_status;
    QTimer m_timer;
    QFutureWatcher<BufferCounts> m_watcher;
};

} // namespace ops
