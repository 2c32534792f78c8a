#include "workerthread.h"

namespace ops {

WorkerThread::WorkerThread(const QString &name)
{
    m_thread.setObjectName(name);
}

WorkerThread::~WorkerThread()
{
    stop();
}

void WorkerThread::run(const std::function<void()> &work)
{
    if (!m_thread.isRunning()) {
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        m_thread.start();
    }
    QMetaObject::invokeMethod(m_context, work, Qt::BlockingQueuedConnection);
}

void WorkerThread::stop(const std::function<void()> &cleanup)
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            if (cleanup)
                cleanup();
            delete m_context;
            m_context = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace ops
