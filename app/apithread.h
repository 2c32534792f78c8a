#pragma once

#include "httpapi.h"

#include <QThread>

namespace ops {

/// Runs the REST server on a thread of its own, so that neither the window nor the sync worker
/// waits for a request's SQLite commit, and a burst of requests never freezes the desk.
class ApiThread final
{
    Q_DISABLE_COPY_MOVE(ApiThread)
public:
    ApiThread() = default;
    ~ApiThread();

    /// Starts the thread, opens its buffer connection and listens; blocks until it does.
    Result<quint16> start(const ApiSettings &settings, std::shared_ptr<SyncStatus> syncStatus,
                          const QHostAddress &address, quint16 port);
    void stop();

private:
    QThread m_thread;
    HttpApi *m_api = nullptr;
    QObject *m_context = nullptr; // lives in m_thread: the target of calls into it
};

} // namespace ops
