#pragma once

#include <QThread>

#include <functional>

namespace ops {

/// A named thread with an event loop, and a way to run code in it and wait. Objects that own a
/// buffer connection (the REST server, the sync engine) are created and destroyed in their
/// thread through it: Qt 6.4 cannot move a QSqlDatabase between threads.
class WorkerThread final
{
    Q_DISABLE_COPY_MOVE(WorkerThread)
public:
    explicit WorkerThread(const QString &name);
    ~WorkerThread();

    /// Starts the thread (once) and runs `work` in it, returning when it has run.
    void run(const std::function<void()> &work);
    /// Runs `cleanup` in the thread, then stops and joins it.
    void stop(const std::function<void()> &cleanup = {});

private:
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread: the target of calls into it
};

} // namespace ops
