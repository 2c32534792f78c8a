#include "backloghistory.h"

#include "buffer.h"
#include "clock.h"
#include "timestamps.h"

#include <QtConcurrent>

namespace ops {

BacklogHistory::BacklogHistory(QString bufferPath, QObject *parent)
    : QObject(parent), m_bufferPath(std::move(bufferPath))
{
    connect(&m_watcher, &QFutureWatcher<QList<MergedReader::BacklogSample>>::finished, this,
            [this] {
                m_samples = m_watcher.result();
                Q_EMIT loaded();
            });
    m_timer.setInterval(60000);
    connect(&m_timer, &QTimer::timeout, this, &BacklogHistory::reload);
    m_timer.start();
}

void BacklogHistory::reload()
{
    if (m_watcher.isRunning())
        return;
    const QString since = timestamps::format(Clock::system().nowMicros() - 24LL * 3600 * 1000000);
    m_watcher.setFuture(QtConcurrent::run([path = m_bufferPath, since] {
        Buffer buffer;
        if (!buffer.open(path))
            return QList<MergedReader::BacklogSample>();
        return MergedReader(buffer.database()).backlogSince(since);
    }));
}

} // namespace ops
