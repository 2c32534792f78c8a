#pragma once

#include "buffer.h"
#include "clock.h"
#include "operations.h"
#include "outbox.h"
#include "tokenstore.h"

#include <QJsonValue>

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace ops {

/// What a desk action came to: the record or transaction id, or the refusal in words.
struct DeskOutcome
{
    bool ok = false;
    QString id;
    QString message;
    QJsonValue data; ///< what a query answered (token list...)
};

/// Runs the desk's operations on a thread of its own (with its own buffer connection), so the
/// window never waits for a commit, even of 100,000 files. Each call answers on the caller's
/// thread through `done`.
class DeskService final : public QObject
{
    Q_OBJECT
public:
    DeskService(QString bufferPath, SiteSettings settings, QString operatorName,
                QObject *parent = nullptr);
    ~DeskService() override;

    QString operatorName() const { return m_operator; }
    const SiteSettings &settings() const { return m_settings; }

    using Work = std::function<DeskOutcome(Operations &, Outbox &, const QString &actor)>;
    /// Runs `work` in the service thread; `done` runs later in `context`'s thread.
    void run(Work work, QObject *context, std::function<void(const DeskOutcome &)> done);

    using TokenWork = std::function<DeskOutcome(TokenStore &, const QString &now)>;
    /// Token management (create, list, revoke) on the service's connection.
    void runTokens(TokenWork work, QObject *context, std::function<void(const DeskOutcome &)> done);

    /// Turns an operation's answer into an outcome.
    static DeskOutcome outcome(const Result<Ack> &ack);
    static DeskOutcome outcome(const Result<QString> &id);

private:
    /// In the service thread: opens the connection on first use; the refusal when it cannot.
    std::optional<QString> ensureOpen();
    void post(std::function<DeskOutcome()> work, QObject *context,
              std::function<void(const DeskOutcome &)> done);

    QString m_bufferPath;
    SiteSettings m_settings;
    QString m_operator;
    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread
    std::unique_ptr<Buffer> m_buffer;
    std::unique_ptr<Operations> m_operations;
    std::unique_ptr<Outbox> m_outbox;
};

} // namespace ops
