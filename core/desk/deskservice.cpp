#include "deskservice.h"

#include "timestamps.h"

#include <QPointer>

namespace ops {

DeskService::DeskService(QString bufferPath, SiteSettings settings, QString operatorName,
                         QObject *parent)
    : QObject(parent), m_bufferPath(std::move(bufferPath)), m_settings(std::move(settings)),
      m_operator(std::move(operatorName))
{
    m_thread.setObjectName(QStringLiteral("desk"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

DeskService::~DeskService()
{
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            m_outbox.reset();
            m_operations.reset();
            m_buffer.reset();
            delete m_worker;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

std::optional<QString> DeskService::ensureOpen()
{
    if (m_buffer)
        return std::nullopt;
    // Opened on first use, in this thread: Qt 6.4 cannot move a connection.
    auto buffer = std::make_unique<Buffer>();
    if (auto opened = buffer->open(m_bufferPath); !opened)
        return opened.error().message;
    m_buffer = std::move(buffer);
    m_operations = std::make_unique<Operations>(*m_buffer, m_settings);
    m_outbox = std::make_unique<Outbox>(*m_buffer);
    return std::nullopt;
}

void DeskService::post(std::function<DeskOutcome()> work, QObject *context,
                       std::function<void(const DeskOutcome &)> done)
{
    QPointer<QObject> receiver(context);
    QMetaObject::invokeMethod(
        m_worker, [this, work = std::move(work), receiver, done = std::move(done)] {
            DeskOutcome result;
            if (auto problem = ensureOpen())
                result.message = *problem;
            else
                result = work();
            if (receiver)
                QMetaObject::invokeMethod(receiver, [done, result] { done(result); });
        });
}

void DeskService::run(Work work, QObject *context, std::function<void(const DeskOutcome &)> done)
{
    post([this, work = std::move(work)] { return work(*m_operations, *m_outbox, m_operator); },
         context, std::move(done));
}

void DeskService::runTokens(TokenWork work, QObject *context,
                            std::function<void(const DeskOutcome &)> done)
{
    post(
        [this, work = std::move(work)] {
            TokenStore tokens(m_buffer->database());
            return work(tokens, timestamps::format(Clock::system().nowMicros()));
        },
        context, std::move(done));
}

DeskOutcome DeskService::outcome(const Result<Ack> &ack)
{
    if (!ack)
        return {false, {}, ack.error().message, {}};
    return {true, ack->id.isEmpty() ? ack->transactionId : ack->id, {}, {}};
}

DeskOutcome DeskService::outcome(const Result<QString> &id)
{
    if (!id)
        return {false, {}, id.error().message, {}};
    return {true, id.value(), {}, {}};
}

} // namespace ops
