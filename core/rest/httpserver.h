#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

#include <functional>
#include <optional>
#include <utility>

class QTcpServer;

namespace ops {

/// What one connection may cost the console. Every limit is enforced while bytes arrive, so no
/// client can make the server hold more than these, or hold a connection slot longer.
struct HttpLimits
{
    /// Largest request body, from Content-Length or decoded chunks (over it: 413 and close).
    qint64 maxBodyBytes = 64LL * 1024 * 1024;
    /// Request line plus header fields, CRLFs included (over it: 431 and close). Also bounds the
    /// trailer section of a chunked body.
    int maxHeaderBytes = 64 * 1024;
    /// Time to receive a complete request head: from accept for a new connection, from the
    /// first byte of the next request on a kept-alive one (over it: 408 and close).
    int headerTimeoutMs = 10000;
    /// Longest pause between body bytes (over it: 408 and close).
    int bodyIdleTimeoutMs = 30000;
    /// A kept-alive connection with no new request for this long is closed without an answer.
    /// A response the client does not read for this long is abandoned the same way.
    int idleTimeoutMs = 60000;
    /// Open connections that may carry any request. At the cap, a new connection takes the slot
    /// of the connection that has been idle (kept alive, between requests) the longest; when
    /// none is idle it gets one of the reserved slots below; when those are taken too it is
    /// answered 503 at once and closed. Busy connections are never cut for a newcomer: a
    /// request in flight is worth more than one that has not been sent yet.
    int maxConnections = 200;
    /// Connections accepted beyond maxConnections that serve only `GET|HEAD healthPath`, once,
    /// and close: monitoring can still see an overloaded console. Anything else on them is 503.
    int reservedForHealth = 4;
    QByteArray healthPath = QByteArrayLiteral("/health");
};

/// One parsed request, handed to the handler complete (head and whole body).
struct HttpRequest
{
    QByteArray method; ///< as sent (methods are case-sensitive), e.g. "GET"
    QByteArray target; ///< the request-target exactly as sent
    QUrl url;          ///< path and query only; url.path() is percent-decoded
    QList<std::pair<QByteArray, QByteArray>> headers; ///< in order; values trimmed of OWS
    QByteArray body;                                  ///< decoded (chunked framing removed)
    QHostAddress peer;
    bool keepAlive = true; ///< the client lets the connection stay open after this one
    int minorVersion = 1;  ///< HTTP/1.<minorVersion>: 0 or 1

    /// The value of the first header named `name` (case-insensitive), or a null QByteArray.
    QByteArray header(QByteArrayView name) const;
};

/// What the handler answers. The server adds Content-Length, Date and, when it closes the
/// connection, `Connection: close`; it owns the framing, so `headers` may not set
/// Content-Length, Transfer-Encoding or Connection (they are dropped with a warning), except
/// `Connection: close`, which is honoured: the connection closes after this response.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

class HttpConnection;

/// A strict, small HTTP/1.1 server (RFC 9112) for the REST routes: incremental parsing with
/// hard limits and timeouts (HttpLimits), Content-Length or chunked bodies only, keep-alive and
/// pipelining, one write per response on a TCP_NODELAY socket, optional TLS. Everything it
/// refuses itself is answered with JSON `{"detail": "..."}` naming the header and the value,
/// and the connection is closed, so the bytes after a malformed request are never read as
/// another request. A request that reaches the handler is syntactically sound; what it means
/// is the handler's business.
///
/// The handler runs in the server's thread. It may call `respond` at once or later, but from
/// that same thread and once per request; a response for a connection that has gone away is
/// dropped. The HttpRequest reference is valid only during the handler call: copy what a later
/// answer needs. The next request on a connection is not read until the previous response has been
/// handed to the kernel, which keeps pipelined responses in order and a client that does not
/// read its answers from making the server buffer them.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)
public:
    using Responder = std::function<void(HttpResponse)>;
    using Handler = std::function<void(const HttpRequest &, Responder respond)>;
    /// Looks at a request's head (no body yet) before a large body is read: a response it
    /// returns is sent at once and the connection closed, the body never read.
    using HeadCheck = std::function<std::optional<HttpResponse>(const HttpRequest &head)>;
    /// Bodies at least this large (or chunked) go through the head check first; smaller ones
    /// cost less to read than to check twice.
    static constexpr qint64 kHeadCheckFromBytes = 64 * 1024;

    explicit HttpServer(Handler handler, HttpLimits limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Serve HTTPS with this certificate and key (call before listen()). Uses QSslServer, whose
    /// handshake is bounded by headerTimeoutMs.
    void setTls(QSslCertificate certificate, QSslKey key);

    /// Starts listening; returns the bound port (useful with port 0), or why not.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    /// Stops listening and drops every connection (responses still pending are lost).
    void close();

    const HttpLimits &limits() const { return m_limits; }

    /// Refuse requests on their head (a missing token, say) before their body is read, so that
    /// no client the handler would refuse can make the server hold large bodies.
    void setHeadCheck(HeadCheck check) { m_headCheck = std::move(check); }

private:
    friend class HttpConnection;
    void acceptPending();
    void forget(HttpConnection *connection);
    HttpConnection *evictionCandidate() const;

    Handler m_handler;
    HeadCheck m_headCheck;
    HttpLimits m_limits;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QTcpServer *m_listener = nullptr;      ///< a child; QSslServer when TLS is set
    QList<HttpConnection *> m_connections; ///< every open connection, oldest first
    int m_reserved = 0;                    ///< how many of them are health-only
};

} // namespace ops
