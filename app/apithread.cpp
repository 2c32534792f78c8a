#include "apithread.h"

namespace ops {

ApiThread::~ApiThread() { stop(); }

Result<quint16> ApiThread::start(const ApiSettings &settings, std::shared_ptr<SyncStatus> syncStatus,
                                 const QHostAddress &address, quint16 port)
{
    m_thread.setObjectName(QStringLiteral("rest"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
    std::optional<Result<quint16>> result;
    // The server and its buffer connection are created in the thread that will use them:
    // Qt 6.4 cannot move a QSqlDatabase between threads.
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            m_api = new HttpApi(settings, std::move(syncStatus));
            result = m_api->start(address, port);
        },
        Qt::BlockingQueuedConnection);
    return result.value_or(Result<quint16>(unavailable(QStringLiteral("the REST thread did not start"))));
}

void ApiThread::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_api;
            m_api = nullptr;
            delete m_context;
            m_context = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace ops
