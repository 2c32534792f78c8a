#pragma once

#include "mergedreader.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

namespace ops {

/// The backlog's last 24 hours (pending transactions and the oldest one's age, sampled each
/// minute by the sync engine), read on a worker thread and refreshed every minute.
class BacklogHistory final : public QObject
{
    Q_OBJECT
public:
    explicit BacklogHistory(QString bufferPath, QObject *parent = nullptr);
    void reload();
    const QList<MergedReader::BacklogSample> &samples() const { return m_samples; }

Q_SIGNALS:
    void loaded();

private:
    QString m_bufferPath;
    QList<MergedReader::BacklogSample> m_samples;
    QFutureWatcher<QList<MergedReader::BacklogSample>> m_watcher;
    QTimer m_timer;
};

} // namespace ops
