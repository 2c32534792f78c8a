#pragma once

#include <QObject>

class QSocketNotifier;

namespace ops {

/// Turns SIGINT and SIGTERM into a Qt signal on the main thread (self-pipe), so the console
/// stops through its event loop: servers closed, threads joined, the buffer closed cleanly.
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace ops
