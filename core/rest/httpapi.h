#pragma once

#include "buffer.h"
#include "clock.h"
#include "operations.h"
#include "result.h"
#include "syncstatus.h"

#include "httpserver.h"
#include "metrics.h"
#include "routes.h"

#include <QElapsedTimer>
#include <QJsonValue>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QThreadPool>
#include <QTimeZone>

#include <memory>

namespace ops {

/// What the REST layer needs to know about the console.
struct ApiSettings
{
    QString bufferPath;
    SiteSettings site;
    QString siteType = QStringLiteral("secondary");
    QTimeZone zone = QTimeZone(QByteArrayLiteral("America/Santiago"));
    qint64 maxBodyBytes = 64LL * 1024 * 1024;
    /// What opening the buffer found (Buffer::damageReport()): shown in /health until restart.
    QString bufferDamage;
    /// Serve HTTPS with these (both set) instead of plain HTTP.
    QSslCertificate tlsCertificate;
    QSslKey tlsKey;
};

/// The REST routes of CONTRACT §3 on our own strict HTTP/1.1 transport (HttpServer). Routing is
/// done here so that every answer, including unknown paths and wrong methods, is the contract's
/// JSON `{"detail": ...}`.
///
/// Lives in one thread (the one that calls start()) and owns that thread's buffer connection;
/// requests are handled one at a time there, each a short SQLite transaction.
class HttpApi final : public QObject
{
    Q_OBJECT
public:
    HttpApi(ApiSettings settings, std::shared_ptr<SyncStatus> syncStatus,
            const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~HttpApi() override;

    /// Opens the buffer connection of this thread and listens. Returns the port, or an error.
    Result<quint16> start(const QHostAddress &address, quint16 port);

    struct Reply
    {
        int status = 200;
        QJsonValue body;
        QByteArray json = {};        ///< when not null: the body as text, streamed by the reader
        QByteArray contentType = {}; ///< of `json` when it is not JSON (metrics, the docs page)
        QByteArray allow = {};       ///< a 405's Allow header: the methods the path takes
    };

private:
    /// Answers on this thread, or for a slow read on a reader thread (then through the event
    /// loop back here).
    void serve(const HttpRequest &request, const HttpServer::Responder &respond);
    HttpResponse toResponse(const HttpRequest &request, const routes::Route *route,
                            const Reply &reply, const QElapsedTimer &timer);
    static const routes::Route *findRoute(const HttpRequest &request, QStringList &params,
                                          QStringList &allowed);
    /// `buffer`: this thread's connection (the REST thread's own, or a reader's).
    /// The bulk route takes the request's body (it lets it go once read).
    Reply dispatch(HttpRequest &request, const routes::Route *route, const QStringList &params,
                   const QStringList &allowed, Buffer &buffer);
    /// The token check of `route`: the refusal (400, 401 or 403), or nothing, with `actor` set
    /// to the token's name (empty for a route that needs none).
    static std::optional<Reply> authorize(const HttpRequest &request, const routes::Route &route,
                                          Buffer &buffer, QString &actor);
    /// The transport's head check: refuses a large body's request before it is read when its
    /// token would be refused.
    std::optional<HttpResponse> refuseOnHead(const HttpRequest &head);
    QByteArray metricsText();
    void commitPendingWrites();

    struct PendingWrite
    {
        HttpRequest request;
        const routes::Route *route;
        QStringList params;
        QStringList allowed;
        HttpServer::Responder respond;
        QElapsedTimer timer;
    };
    QList<PendingWrite> m_pendingWrites;
    QList<qsizetype> m_syncingGroupSizes; ///< committed groups whose sync has not returned yet
    bool m_commitPosted = false;
    bool groupIsReady() const;
    /// Answers a group once its sync has returned (or failed: then nothing is acknowledged).
    void answer(QList<PendingWrite> &writes, const QList<Reply> &replies, qint64 bodyBytes,
                const Status &durable);

    ApiSettings m_settings;
    std::shared_ptr<SyncStatus> m_syncStatus;
    const Clock &m_clock;
    Buffer m_buffer;
    std::unique_ptr<Operations> m_operations;
    std::unique_ptr<HttpServer> m_server;
    Metrics m_metrics;
    QThreadPool m_readers;
};

} // namespace ops
