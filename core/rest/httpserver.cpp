#include "httpserver.h"

#include "logging.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cctype>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace ops {

namespace {

// After an answer that closes the connection, keep reading (and discarding) for this long
// before closing: closing with unread input makes the kernel send RST, and a client still
// uploading the body of a refused request would lose our 413 before reading it.
constexpr int kLingerMs = 2000;
// A connection being closed that cannot even flush its last bytes is aborted after this.
constexpr int kCloseMs = 1000;
// What Qt may buffer per socket ahead of the parser. Bytes beyond it stay in the kernel, so a
// pipelining or flooding client meets TCP backpressure instead of growing our memory.
constexpr qint64 kSocketBufferBytes = 64 * 1024;
// A chunk-size line with extensions; ours never carry any, so this is generous.
constexpr qint64 kMaxChunkLineBytes = 1024;

bool isTchar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTchar);
}

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool equalsNoCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

/// Strips spaces and tabs (HTTP's optional whitespace), nothing else.
QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

/// The comma-separated elements of a list header, trimmed, empty ones dropped (RFC 9110 §5.6.1).
QList<QByteArrayView> listElements(const QList<QByteArray> &values)
{
    QList<QByteArrayView> out;
    for (const QByteArray &value : values) {
        qsizetype start = 0;
        while (start <= value.size()) {
            qsizetype comma = value.indexOf(',', start);
            if (comma < 0)
                comma = value.size();
            const QByteArrayView element =
                trimmedOws(QByteArrayView(value).sliced(start, comma - start));
            if (!element.isEmpty())
                out << element;
            start = comma + 1;
        }
    }
    return out;
}

/// A client's bytes quoted for an error detail: printable ASCII as is, anything else as \xNN,
/// cut at 200 bytes, so a detail never carries control characters or invalid UTF-8.
QString shown(QByteArrayView value)
{
    constexpr qsizetype kMax = 200;
    QString out(QLatin1Char('"'));
    for (qsizetype i = 0; i < std::min(value.size(), kMax); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    if (value.size() > kMax)
        out += QStringLiteral("...");
    return out + QLatin1Char('"');
}

QByteArray detailBody(const QString &detail)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("detail"), detail}})
        .toJson(QJsonDocument::Compact);
}

QByteArray reasonPhrase(int status)
{
    static constexpr std::pair<int, const char *> phrases[] = {
        {100, "Continue"},
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {204, "No Content"},
        {304, "Not Modified"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {413, "Content Too Large"},
        {415, "Unsupported Media Type"},
        {417, "Expectation Failed"},
        {422, "Unprocessable Content"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {503, "Service Unavailable"},
        {505, "HTTP Version Not Supported"},
    };
    for (const auto &[code, phrase] : phrases) {
        if (code == status)
            return phrase;
    }
    return {}; // an empty reason phrase is valid
}

/// The Date header (RFC 9110 §6.6.1 wants one from every origin server with a clock); formatted
/// once a second per thread.
QByteArray httpDate()
{
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (now.toSecsSinceEpoch() != cachedSecond) {
        cachedSecond = now.toSecsSinceEpoch();
        cached = QLocale::c().toString(now, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'").toLatin1();
    }
    return cached;
}

/// A header field value may hold visible ASCII, spaces, tabs and obs-text, no other controls.
qsizetype badFieldByte(QByteArrayView value)
{
    for (qsizetype i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return i;
    }
    return -1;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (equalsNoCase(key, name))
            return value;
    }
    return {};
}

/// One accepted socket: reads one request at a time through a small state machine, hands it to
/// the server's handler, writes the answer, and either waits for the next request or closes.
class HttpConnection final : public QObject
{
public:
    HttpConnection(HttpServer *server, QTcpSocket *socket, bool healthOnly);
    ~HttpConnection() override;

    void start();
    void refuseAtCapacity();
    /// Kept alive after a response, and nothing of the next request has arrived yet.
    bool isIdle() const { return m_state == State::Head && m_awaitingFirstByte; }
    bool isLingering() const { return m_state == State::Lingering; }
    bool isHealthOnly() const { return m_healthOnly; }
    qint64 idleMs() const { return m_idle.elapsed(); }
    /// Gives the slot up at once; the socket closes gracefully in the background.
    void closeQuietly();
    /// Aborts the socket and forgets the connection.
    void drop();

private:
    enum class State
    {
        Head,      ///< reading the request line and header fields
        Body,      ///< reading a Content-Length body
        ChunkSize, ///< reading a chunk-size line
        ChunkData, ///< reading chunk data
        ChunkEnd,  ///< reading the CRLF after chunk data
        Trailers,  ///< reading (and discarding) the trailer section
        Handling,  ///< the handler has the request; nothing more is read
        Writing,   ///< the answer is queued; the next request waits until it is flushed
        Closing,   ///< a last answer is being flushed
        Lingering, ///< discarding input until the client closes, then closing
        Gone,      ///< forgotten by the server, waiting for the socket to finish closing
    };
    enum class Line
    {
        NoData,
        Partial,
        Complete,
        TooLong
    };

    void pump();
    bool step();
    Line readLine(qint64 room);
    bool lineContent(const QByteArray &line, QByteArrayView &content, const char *what);
    bool readHead();
    bool parseRequestLine(QByteArrayView line);
    bool parseTarget(QByteArrayView target);
    bool parseHeaderLine(QByteArrayView line);
    bool finishHead();
    bool readBody();
    bool readChunkSize();
    bool readChunkData();
    bool readChunkEnd();
    bool readTrailers();
    void dispatch();
    void respond(quint64 serial, HttpResponse response);
    void fail(int status, const QString &detail);
    void send(const HttpResponse &response, bool close,
              const QList<std::pair<QByteArray, QByteArray>> &extra = {});
    void afterResponse(bool close);
    void startHead(bool keptAlive);
    void onBytesWritten();
    void onTimeout();
    void linger();
    void finish();
    qint64 pendingOutput() const;
    QSslSocket *ssl() const { return qobject_cast<QSslSocket *>(m_socket); }
    const HttpLimits &limits() const { return m_server->m_limits; }

    HttpServer *m_server;
    QTcpSocket *m_socket;
    const bool m_healthOnly;
    QHostAddress m_peer;
    State m_state = State::Head;
    QTimer m_timer;
    QElapsedTimer m_idle;

    // The request being read.
    HttpRequest m_request;
    QByteArray m_line;      ///< the line read so far (head, chunk size, trailers)
    qint64 m_headBytes = 0; ///< completed head (or trailer) lines, for the size limit
    bool m_sawRequestLine = false;
    bool m_awaitingFirstByte = false; ///< kept alive: the head clock starts at the first byte
    bool m_chunked = false;
    qint64 m_remaining = 0; ///< of the Content-Length body or the current chunk
    qint64 m_announced = 0; ///< Content-Length, for messages

    // What the answer depends on, kept apart from the request handed to the handler.
    int m_minorVersion = 1;
    bool m_headMethod = false;
    bool m_keepAlive = false;

    quint64 m_serial = 0; ///< which request a late respond() belongs to
    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_finished = false;
};

HttpConnection::HttpConnection(HttpServer *server, QTcpSocket *socket, bool healthOnly)
    : QObject(server), m_server(server), m_socket(socket), m_healthOnly(healthOnly)
{
    m_socket->setParent(this);
    // One write per response plus TCP_NODELAY: nothing waits for the client's delayed ACK.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setReadBufferSize(kSocketBufferBytes);
    m_peer = m_socket->peerAddress();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::pump);
    connect(m_socket, &QIODevice::bytesWritten, this, &HttpConnection::onBytesWritten);
    if (QSslSocket *tls = ssl())
        connect(tls, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::finish);
    m_idle.start();
}

HttpConnection::~HttpConnection()
{
    // The socket is our child and dies after us; it must not call back into a half-destroyed
    // connection when its destructor aborts.
    m_socket->disconnect(this);
}

void HttpConnection::start()
{
    startHead(false);
}

void HttpConnection::refuseAtCapacity()
{
    HttpResponse response;
    response.status = 503;
    response.body = detailBody(
        QStringLiteral("the server is at its limit of %1 connections (and %2 reserved for %3); "
                       "try again later")
            .arg(limits().maxConnections)
            .arg(limits().reservedForHealth)
            .arg(QString::fromLatin1(limits().healthPath)));
    send(response, true, {{"Retry-After", "1"}});
    // No lingering here: under a connection flood, holding refused sockets open is what the
    // flood wants. The connection is not in the server's list, so it takes no slot.
    m_state = State::Gone;
    m_timer.start(kCloseMs);
    m_socket->disconnectFromHost();
}

void HttpConnection::closeQuietly()
{
    m_server->forget(this);
    if (m_finished)
        return;
    m_state = State::Gone;
    m_timer.start(kCloseMs);
    m_socket->disconnectFromHost(); // may emit disconnected, hence finish(), right here
}

void HttpConnection::drop()
{
    m_socket->abort();
    finish();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_state = State::Gone;
    m_timer.stop();
    m_server->forget(this);
    deleteLater();
}

void HttpConnection::startHead(bool keptAlive)
{
    m_request = HttpRequest{};
    m_line.clear();
    m_headBytes = 0;
    m_sawRequestLine = false;
    m_chunked = false;
    m_remaining = 0;
    m_announced = 0;
    m_minorVersion = 1;
    m_headMethod = false;
    m_keepAlive = false;
    m_state = State::Head;
    m_awaitingFirstByte = keptAlive;
    m_idle.restart();
    // A new connection must deliver its head within headerTimeoutMs of the accept; a kept-alive
    // one may idle first and gets the head clock from its first byte.
    m_timer.start(keptAlive ? limits().idleTimeoutMs : limits().headerTimeoutMs);
    pump();
}

// Re-entrant calls (a handler answering synchronously from inside step()) only ask the running
// loop for another round, so the state machine never runs twice on the same stack.
void HttpConnection::pump()
{
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        while (step()) {
        }
    } while (m_pumpAgain);
    m_pumping = false;
}

bool HttpConnection::step()
{
    switch (m_state) {
    case State::Head:
        return readHead();
    case State::Body:
        return readBody();
    case State::ChunkSize:
        return readChunkSize();
    case State::ChunkData:
        return readChunkData();
    case State::ChunkEnd:
        return readChunkEnd();
    case State::Trailers:
        return readTrailers();
    case State::Lingering:
    case State::Gone:
        m_socket->readAll();
        return false;
    case State::Handling:
    case State::Writing:
    case State::Closing:
        return false; // the next request waits in the socket's bounded buffer
    }
    return false;
}

/// Appends to m_line up to the end of the next line, reading at most one byte past `room` so
/// that an overlong line is seen without buffering it.
HttpConnection::Line HttpConnection::readLine(qint64 room)
{
    if (m_socket->bytesAvailable() <= 0)
        return Line::NoData;
    const qsizetype old = m_line.size();
    const qint64 want = room - old + 1;
    if (want <= 0)
        return Line::TooLong;
    m_line.resize(old + want + 1); // QIODevice::readLine(char *, n) reads n - 1 bytes at most
    const qint64 got = m_socket->readLine(m_line.data() + old, want + 1);
    m_line.resize(old + std::max<qint64>(got, 0));
    if (got <= 0)
        return Line::NoData;
    if (m_line.size() > room)
        return Line::TooLong;
    return m_line.endsWith('\n') ? Line::Complete : Line::Partial;
}

/// Lines end in CRLF, nothing else: a bare CR or LF is read differently by different parsers,
/// which is what request smuggling feeds on.
bool HttpConnection::lineContent(const QByteArray &line, QByteArrayView &content, const char *what)
{
    if (line.size() < 2 || line[line.size() - 2] != '\r') {
        fail(400, QStringLiteral("%1 %2 ends in a bare LF; lines must end in CRLF")
                      .arg(QLatin1StringView(what), shown(line)));
        return false;
    }
    content = QByteArrayView(line).first(line.size() - 2);
    if (content.contains('\r')) {
        fail(400, QStringLiteral("%1 %2 contains a bare CR")
                      .arg(QLatin1StringView(what), shown(content)));
        return false;
    }
    return true;
}

bool HttpConnection::readHead()
{
    const Line status = readLine(limits().maxHeaderBytes - m_headBytes);
    if (status == Line::NoData)
        return false;
    if (m_awaitingFirstByte) {
        m_awaitingFirstByte = false;
        m_timer.start(limits().headerTimeoutMs);
    }
    if (status == Line::TooLong) {
        fail(431, QStringLiteral("request line and header fields are over the limit of %1 bytes")
                      .arg(limits().maxHeaderBytes));
        return false;
    }
    if (status == Line::Partial)
        return true;
    const QByteArray line = std::exchange(m_line, {});
    m_headBytes += line.size();
    QByteArrayView content;
    if (!lineContent(line, content, m_sawRequestLine ? "header line" : "request line"))
        return false;
    if (!m_sawRequestLine) {
        // RFC 9112 §2.2: empty lines before a request line are ignored (some clients send a
        // CRLF after a POST body).
        return content.isEmpty() || parseRequestLine(content);
    }
    return content.isEmpty() ? finishHead() : parseHeaderLine(content);
}

bool HttpConnection::parseRequestLine(QByteArrayView line)
{
    for (qsizetype i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if ((c < 0x21 && c != ' ') || c > 0x7e) {
            fail(400, QStringLiteral("request line %1 contains the byte \\x%2 at %3")
                          .arg(shown(line))
                          .arg(c, 2, 16, QLatin1Char('0'))
                          .arg(i));
            return false;
        }
    }
    const QList<QByteArray> parts = line.toByteArray().split(' ');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
        fail(400, QStringLiteral("request line %1 is not METHOD SP TARGET SP HTTP-VERSION")
                      .arg(shown(line)));
        return false;
    }
    const QByteArray &version = parts[2];
    if (version.size() != 8 || !version.startsWith("HTTP/") || !isDigits(version.sliced(5, 1)) ||
        version[6] != '.' || !isDigits(version.sliced(7, 1))) {
        fail(400,
             QStringLiteral("HTTP version %1 is malformed; expected HTTP/1.1").arg(shown(version)));
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(505,
             QStringLiteral("HTTP version %1 is not supported; use HTTP/1.1").arg(shown(version)));
        return false;
    }
    m_minorVersion = m_request.minorVersion = version[7] - '0';
    if (!isToken(parts[0])) {
        fail(400, QStringLiteral("method %1 is not a token").arg(shown(parts[0])));
        return false;
    }
    m_request.method = parts[0];
    m_headMethod = m_request.method == "HEAD";
    m_request.target = parts[1];
    m_sawRequestLine = true;
    return parseTarget(parts[1]);
}

bool HttpConnection::parseTarget(QByteArrayView target)
{
    const auto refuse = [&](const QString &why) {
        fail(400, QStringLiteral("request target %1 %2").arg(shown(target), why));
        return false;
    };
    if (target.contains('#'))
        return refuse(QStringLiteral("contains a fragment (#)"));
    QByteArrayView rest = target; // path and query
    if (target == "*") {
        if (m_request.method != "OPTIONS")
            return refuse(QStringLiteral("is only allowed with OPTIONS"));
    } else if (!target.startsWith('/')) {
        // Absolute form (RFC 9112 §3.2.2): servers must accept it; only path and query count.
        const bool http = target.size() > 7 && equalsNoCase(target.first(7), "http://");
        const bool https = target.size() > 8 && equalsNoCase(target.first(8), "https://");
        if (!http && !https)
            return refuse(QStringLiteral("must be an absolute path such as /health"));
        const qsizetype authority = http ? 7 : 8;
        qsizetype end = authority;
        while (end < target.size() && target[end] != '/' && target[end] != '?')
            ++end;
        if (end == authority)
            return refuse(QStringLiteral("has no host"));
        rest = target.sliced(end);
    }
    const qsizetype question = rest.indexOf('?');
    const QByteArrayView path = question < 0 ? rest : rest.first(question);
    QUrl url;
    url.setPath(path.isEmpty() ? QStringLiteral("/") : QString::fromLatin1(path), QUrl::StrictMode);
    if (question >= 0)
        url.setQuery(QString::fromLatin1(rest.sliced(question + 1)), QUrl::StrictMode);
    if (!url.isValid())
        return refuse(QStringLiteral("is not a valid URL: %1").arg(url.errorString()));
    m_request.url = url;
    return true;
}

bool HttpConnection::parseHeaderLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t') {
        // Obsolete line folding (RFC 9112 §5.2): refused rather than unfolded.
        fail(400, QStringLiteral("header line %1 starts with whitespace (obsolete line folding)")
                      .arg(shown(line)));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        fail(400, QStringLiteral("header line %1 has no colon").arg(shown(line)));
        return false;
    }
    const QByteArrayView name = line.first(colon);
    if (!isToken(name)) {
        // Also catches "Name : value", which some parsers read as "Name" and others do not.
        fail(400, QStringLiteral("header field name %1 is not a token").arg(shown(name)));
        return false;
    }
    const QByteArrayView raw = line.sliced(colon + 1);
    if (const qsizetype bad = badFieldByte(raw); bad >= 0) {
        fail(400, QStringLiteral("header %1 contains the control byte \\x%2")
                      .arg(shown(name))
                      .arg(static_cast<unsigned char>(raw[bad]), 2, 16, QLatin1Char('0')));
        return false;
    }
    m_request.headers.append({name.toByteArray(), trimmedOws(raw).toByteArray()});
    return true;
}

bool HttpConnection::finishHead()
{
    HttpRequest &request = m_request;
    QList<QByteArray> hosts, connection, transferEncoding, contentLength, expect;
    for (const auto &[name, value] : std::as_const(request.headers)) {
        if (equalsNoCase(name, "host"))
            hosts << value;
        else if (equalsNoCase(name, "connection"))
            connection << value;
        else if (equalsNoCase(name, "transfer-encoding"))
            transferEncoding << value;
        else if (equalsNoCase(name, "content-length"))
            contentLength << value;
        else if (equalsNoCase(name, "expect"))
            expect << value;
    }

    // HTTP/1.1 requires exactly one Host (RFC 9112 §3.2); HTTP/1.0 clients may omit it.
    if (request.minorVersion == 1 && hosts.size() != 1) {
        fail(400, hosts.isEmpty() ? QStringLiteral("Host header is missing (required in HTTP/1.1)")
                                  : QStringLiteral("Host header appears %1 times: %2 and %3")
                                        .arg(hosts.size())
                                        .arg(shown(hosts[0]), shown(hosts[1])));
        return false;
    }

    bool close = false;
    bool keepAlive = false;
    for (const QByteArrayView option : listElements(connection)) {
        close = close || equalsNoCase(option, "close");
        keepAlive = keepAlive || equalsNoCase(option, "keep-alive");
    }
    m_keepAlive = request.keepAlive = !close && (request.minorVersion == 1 || keepAlive);

    // Framing. Every ambiguity is refused: a message whose length two parsers could read
    // differently is how a second request gets smuggled inside the first.
    if (!transferEncoding.isEmpty()) {
        const QString te = shown(transferEncoding.join(", "));
        if (!contentLength.isEmpty()) {
            fail(400, QStringLiteral("both Transfer-Encoding %1 and Content-Length %2 are "
                                     "present; send one")
                          .arg(te, shown(contentLength[0])));
            return false;
        }
        if (request.minorVersion == 0) {
            fail(400, QStringLiteral("Transfer-Encoding %1 in an HTTP/1.0 request").arg(te));
            return false;
        }
        const QList<QByteArrayView> codings = listElements(transferEncoding);
        if (codings.isEmpty()) {
            fail(400, QStringLiteral("Transfer-Encoding %1 names no coding").arg(te));
            return false;
        }
        for (const QByteArrayView coding : codings) {
            if (!equalsNoCase(coding, "chunked")) {
                fail(501, QStringLiteral("Transfer-Encoding %1: coding %2 is not supported; "
                                         "only chunked is")
                              .arg(te, shown(coding)));
                return false;
            }
        }
        if (codings.size() > 1) {
            fail(400,
                 QStringLiteral("Transfer-Encoding %1 applies chunked more than once").arg(te));
            return false;
        }
        m_chunked = true;
    } else if (!contentLength.isEmpty()) {
        // Digits only: no sign, no spaces, no list ("5, 5"), no exponent. Repeating the same
        // value is harmless; two different values are not.
        for (const QByteArray &value : std::as_const(contentLength)) {
            if (!isDigits(value)) {
                fail(400, QStringLiteral("Content-Length %1 is not a non-negative decimal integer")
                              .arg(shown(value)));
                return false;
            }
        }
        for (const QByteArray &value : std::as_const(contentLength)) {
            if (value != contentLength[0]) {
                fail(400, QStringLiteral("Content-Length appears with different values %1 and %2")
                              .arg(shown(contentLength[0]), shown(value)));
                return false;
            }
        }
        QByteArrayView digits = contentLength[0];
        while (digits.size() > 1 && digits.front() == '0')
            digits = digits.sliced(1);
        // 18 digits always fit in a qint64; anything longer is over any limit we could have.
        const qint64 length = digits.size() <= 18 ? digits.toLongLong() : -1;
        if (length < 0 || length > limits().maxBodyBytes) {
            fail(413, QStringLiteral("Content-Length %1 is over the limit of %2 bytes")
                          .arg(shown(contentLength[0]))
                          .arg(limits().maxBodyBytes));
            return false;
        }
        m_remaining = m_announced = length;
    }

    // Expect is an HTTP/1.1 feature; an HTTP/1.0 client cannot mean it (RFC 9110 §10.1.1).
    bool wantsContinue = false;
    if (request.minorVersion == 1) {
        for (const QByteArrayView expectation : listElements(expect)) {
            if (!equalsNoCase(expectation, "100-continue")) {
                fail(417, QStringLiteral("Expect %1 is not supported; only 100-continue is")
                              .arg(shown(expectation)));
                return false;
            }
            wantsContinue = true;
        }
    }

    if (m_healthOnly && !((request.method == "GET" || request.method == "HEAD") &&
                          request.url.path(QUrl::FullyEncoded).toLatin1() == limits().healthPath)) {
        fail(503, QStringLiteral("the server is at its limit of %1 connections; this connection "
                                 "may only ask GET %2")
                      .arg(limits().maxConnections)
                      .arg(QString::fromLatin1(limits().healthPath)));
        return false;
    }

    const bool hasBody = m_chunked || m_remaining > 0;
    if (!hasBody) {
        dispatch();
        return true;
    }
    // A large body is read only for a request the handler may take: one it refuses on its head
    // alone is answered now and the connection closed (three anonymous 60 MB bodies held 180 MB).
    if (m_server->m_headCheck && (m_chunked || m_remaining >= HttpServer::kHeadCheckFromBytes)) {
        request.peer = m_peer;
        if (const std::optional<HttpResponse> refusal = m_server->m_headCheck(request)) {
            qCDebug(lcHttp).noquote()
                << m_peer.toString() << refusal->status << "on the head, body not read";
            send(*refusal, true);
            afterResponse(true);
            return false;
        }
    }
    // Only now, with the length known to be acceptable, invite the body; a client that has
    // already started sending it does not need the invitation.
    if (wantsContinue && m_socket->bytesAvailable() == 0)
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    // Allocate for what has been announced only as it arrives: a header alone costs nothing.
    request.body.reserve(std::min<qint64>(m_remaining, kSocketBufferBytes));
    m_state = m_chunked ? State::ChunkSize : State::Body;
    m_timer.start(limits().bodyIdleTimeoutMs);
    return true;
}

bool HttpConnection::readBody()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return false;
    const QByteArray part = m_socket->read(std::min(available, m_remaining));
    if (part.isEmpty())
        return false;
    if (m_request.body.capacity() - m_request.body.size() < part.size())
        m_request.body.reserve(m_request.body.size() + m_remaining); // it is arriving after all
    m_request.body += part;
    m_remaining -= part.size();
    m_timer.start(limits().bodyIdleTimeoutMs);
    if (m_remaining == 0)
        dispatch();
    return true;
}

bool HttpConnection::readChunkSize()
{
    const Line status = readLine(kMaxChunkLineBytes);
    if (status == Line::NoData)
        return false;
    m_timer.start(limits().bodyIdleTimeoutMs);
    if (status == Line::TooLong) {
        fail(400, QStringLiteral("chunk size line %1 is over %2 bytes")
                      .arg(shown(m_line))
                      .arg(kMaxChunkLineBytes));
        return false;
    }
    if (status == Line::Partial)
        return true;
    const QByteArray line = std::exchange(m_line, {});
    QByteArrayView content;
    if (!lineContent(line, content, "chunk size line"))
        return false;
    qsizetype digits = 0;
    while (digits < content.size() && isxdigit(static_cast<unsigned char>(content[digits])))
        ++digits;
    // After the size only chunk extensions may follow (";name=value", ignored).
    const QByteArrayView rest = trimmedOws(content.sliced(digits));
    if (digits == 0 || (!rest.isEmpty() && (rest.front() != ';' || badFieldByte(rest) >= 0))) {
        fail(400,
             QStringLiteral("chunk size line %1 is not a hexadecimal size").arg(shown(content)));
        return false;
    }
    QByteArrayView hex = content.first(digits);
    while (hex.size() > 1 && hex.front() == '0')
        hex = hex.sliced(1);
    const qint64 size = hex.size() <= 15 ? hex.toLongLong(nullptr, 16) : -1;
    if (size < 0 || size > limits().maxBodyBytes - m_request.body.size()) {
        fail(413, QStringLiteral("chunked body is over the limit of %1 bytes (chunk size %2 "
                                 "after %3 bytes)")
                      .arg(limits().maxBodyBytes)
                      .arg(shown(content.first(digits)))
                      .arg(m_request.body.size()));
        return false;
    }
    if (size == 0) {
        m_headBytes = 0; // the trailer section gets a budget of its own
        m_state = State::Trailers;
    } else {
        m_remaining = size;
        m_state = State::ChunkData;
    }
    return true;
}

bool HttpConnection::readChunkData()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return false;
    const QByteArray part = m_socket->read(std::min(available, m_remaining));
    if (part.isEmpty())
        return false;
    m_request.body += part;
    m_remaining -= part.size();
    m_timer.start(limits().bodyIdleTimeoutMs);
    if (m_remaining == 0)
        m_state = State::ChunkEnd;
    return true;
}

bool HttpConnection::readChunkEnd()
{
    const Line status = readLine(2);
    if (status == Line::NoData)
        return false;
    m_timer.start(limits().bodyIdleTimeoutMs);
    if (status == Line::Partial)
        return true;
    if (status == Line::TooLong || m_line != "\r\n") {
        fail(400, QStringLiteral("chunk data is not followed by CRLF (got %1)").arg(shown(m_line)));
        return false;
    }
    m_line.clear();
    m_state = State::ChunkSize;
    return true;
}

bool HttpConnection::readTrailers()
{
    const Line status = readLine(limits().maxHeaderBytes - m_headBytes);
    if (status == Line::NoData)
        return false;
    m_timer.start(limits().bodyIdleTimeoutMs);
    if (status == Line::TooLong) {
        fail(431, QStringLiteral("trailer section is over the limit of %1 bytes")
                      .arg(limits().maxHeaderBytes));
        return false;
    }
    if (status == Line::Partial)
        return true;
    const QByteArray line = std::exchange(m_line, {});
    m_headBytes += line.size();
    QByteArrayView content;
    if (!lineContent(line, content, "trailer line"))
        return false;
    if (content.isEmpty()) {
        dispatch();
        return true;
    }
    // Trailer fields are checked for form and dropped: nothing we serve uses them, and merging
    // them into the header fields would let a body rewrite its own head.
    const qsizetype colon = content.indexOf(':');
    if (colon <= 0 || !isToken(content.first(colon)) || badFieldByte(content) >= 0) {
        fail(400, QStringLiteral("trailer line %1 is not a header field").arg(shown(content)));
        return false;
    }
    return true;
}

void HttpConnection::dispatch()
{
    m_timer.stop(); // the handler takes as long as it takes (a group commit, for instance)
    m_state = State::Handling;
    const quint64 serial = ++m_serial;
    // The request lives on this frame: valid for exactly the handler call, whatever the
    // connection does meanwhile (a synchronous answer already starts reading the next one).
    HttpRequest request = std::exchange(m_request, {});
    request.peer = m_peer;
    request.keepAlive = m_keepAlive;
    HttpServer::Responder responder = [self = QPointer<HttpConnection>(this),
                                       serial](HttpResponse response) {
        if (self)
            self->respond(serial, std::move(response));
        else
            qCDebug(lcHttp) << "response" << response.status << "dropped: connection closed";
    };
    const auto internalError = [this, serial] {
        respond(serial,
                {500, "application/json", detailBody(QStringLiteral("internal error")), {}});
    };
    try {
        m_server->m_handler(request, std::move(responder));
    } catch (const std::exception &e) {
        qCCritical(lcHttp) << "handler threw:" << e.what();
        internalError();
    } catch (...) {
        qCCritical(lcHttp) << "handler threw";
        internalError();
    }
}

void HttpConnection::respond(quint64 serial, HttpResponse response)
{
    if (m_finished) {
        qCDebug(lcHttp) << "response" << response.status << "dropped: connection closed";
        return;
    }
    if (m_state != State::Handling || serial != m_serial) {
        qCWarning(lcHttp) << "response" << response.status
                          << "dropped: that request was already answered";
        return;
    }
    // A 1xx from the handler would leave the client waiting for a final answer; a status
    // outside the range is not HTTP.
    if (response.status < 200 || response.status > 599) {
        qCWarning(lcHttp) << "handler answered with invalid status" << response.status;
        response = {
            500,
            "application/json",
            detailBody(QStringLiteral("internal error: invalid status %1").arg(response.status)),
            {}};
    }
    bool close = !m_keepAlive || m_healthOnly;
    QList<std::pair<QByteArray, QByteArray>> extra;
    for (const auto &[name, value] : std::as_const(response.headers)) {
        if (!isToken(name) || badFieldByte(value) >= 0) {
            qCWarning(lcHttp) << "dropped malformed response header" << name;
        } else if (equalsNoCase(name, "connection")) {
            if (equalsNoCase(trimmedOws(value), "close"))
                close = true;
            else
                qCWarning(lcHttp) << "dropped response header Connection:" << value;
        } else if (equalsNoCase(name, "content-length") ||
                   equalsNoCase(name, "transfer-encoding") || equalsNoCase(name, "content-type") ||
                   equalsNoCase(name, "date")) {
            qCWarning(lcHttp) << "dropped response header" << name << "(the server sets it)";
        } else {
            extra.append({name, value});
        }
    }
    if (badFieldByte(response.contentType) >= 0) {
        qCWarning(lcHttp) << "dropped malformed Content-Type" << response.contentType;
        response.contentType.clear();
    }
    send(response, close, extra);
    afterResponse(close);
}

void HttpConnection::fail(int status, const QString &detail)
{
    qCDebug(lcHttp).noquote() << m_peer.toString() << status << detail;
    HttpResponse response;
    response.status = status;
    response.body = detailBody(detail);
    send(response, true);
    afterResponse(true);
}

/// Status line, header fields and body in one buffer and one write: with TCP_NODELAY they leave
/// in as few segments as the size allows, and no part waits for an ACK of another.
void HttpConnection::send(const HttpResponse &response, bool close,
                          const QList<std::pair<QByteArray, QByteArray>> &extra)
{
    const bool bodyAllowed = response.status != 204 && response.status != 304;
    const bool sendBody = bodyAllowed && !m_headMethod;
    QByteArray out;
    out.reserve(256 + (sendBody ? response.body.size() : 0));
    out += "HTTP/1.1 ";
    out += QByteArray::number(response.status);
    out += ' ';
    out += reasonPhrase(response.status);
    out += "\r\n";
    if (bodyAllowed) {
        if (!response.contentType.isEmpty())
            out += "Content-Type: " + response.contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    }
    out += "Date: " + httpDate() + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (m_minorVersion == 0)
        out += "Connection: keep-alive\r\n"; // an HTTP/1.0 client assumes close otherwise
    for (const auto &[name, value] : extra)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    if (sendBody)
        out += response.body;
    m_socket->write(out);
    m_socket->flush();
}

void HttpConnection::afterResponse(bool close)
{
    if (m_finished)
        return; // the write found the connection gone
    if (close) {
        m_state = State::Closing;
        m_timer.start(limits().idleTimeoutMs);
        if (pendingOutput() == 0)
            linger();
        return;
    }
    m_state = State::Writing;
    m_timer.start(limits().idleTimeoutMs);
    onBytesWritten();
}

qint64 HttpConnection::pendingOutput() const
{
    const QSslSocket *tls = ssl();
    return m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

void HttpConnection::onBytesWritten()
{
    if (m_state != State::Writing && m_state != State::Closing)
        return;
    if (pendingOutput() > 0) {
        m_timer.start(limits().idleTimeoutMs); // progress: the client is reading
        return;
    }
    if (m_state == State::Closing)
        linger();
    else
        startHead(true);
}

/// The lingering close of RFC 9112 §9.6: stop sending, keep reading until the client closes or
/// kLingerMs pass, so the answer reaches the client before any RST can.
void HttpConnection::linger()
{
    m_state = State::Lingering;
    m_timer.start(kLingerMs);
#ifdef Q_OS_UNIX
    // Plain TCP: half-close, so a client reading to the end sees it at once. Over TLS a bare
    // FIN would read as a truncation attack; TLS clients close on Connection: close themselves.
    if (!ssl() && m_socket->socketDescriptor() != -1)
        ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
#endif
    pump();
}

void HttpConnection::onTimeout()
{
    switch (m_state) {
    case State::Head:
        if (m_headBytes == 0 && m_line.isEmpty()) {
            closeQuietly(); // idle, or never said anything: nobody waits for an answer
        } else {
            fail(408, QStringLiteral("request head not complete within %1 ms")
                          .arg(limits().headerTimeoutMs));
        }
        return;
    case State::Body:
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkEnd:
    case State::Trailers:
        fail(408, m_chunked ? QStringLiteral("no chunked body bytes for %1 ms (received %2)")
                                  .arg(limits().bodyIdleTimeoutMs)
                                  .arg(m_request.body.size())
                            : QStringLiteral("no body bytes for %1 ms (received %2 of "
                                             "Content-Length %3)")
                                  .arg(limits().bodyIdleTimeoutMs)
                                  .arg(m_announced - m_remaining)
                                  .arg(m_announced));
        return;
    case State::Handling:
        return;
    case State::Lingering:
        if (ssl()) {
            closeQuietly(); // sends close_notify
            return;
        }
        drop();
        return;
    case State::Writing:
    case State::Closing:
    case State::Gone:
        drop(); // a client that does not read its answer, or a close that cannot complete
        return;
    }
}

HttpServer::HttpServer(Handler handler, HttpLimits limits, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_limits(std::move(limits))
{}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::setTls(QSslCertificate certificate, QSslKey key)
{
    m_certificate = std::move(certificate);
    m_key = std::move(key);
}

Result<quint16> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    const QString where = address.toString() + QLatin1Char(':') + QString::number(port);
    if (m_listener)
        return unavailable(QStringLiteral("cannot listen on %1: already listening").arg(where));
    QTcpServer *listener = nullptr;
    if (!m_certificate.isNull() || !m_key.isNull()) {
        if (!QSslSocket::supportsSsl())
            return unavailable(QStringLiteral("cannot serve TLS on %1: no TLS backend (%2)")
                                   .arg(where, QSslSocket::activeBackend()));
        if (m_certificate.isNull() || m_key.isNull())
            return unavailable(QStringLiteral("cannot serve TLS on %1: the %2 is empty or "
                                              "unreadable")
                                   .arg(where, m_certificate.isNull()
                                                   ? QStringLiteral("certificate")
                                                   : QStringLiteral("private key")));
        auto *tls = new QSslServer(this);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(m_certificate);
        configuration.setPrivateKey(m_key);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        tls->setSslConfiguration(configuration);
        // A handshake is part of "receiving the head": the same bound stops slow handshakes.
        tls->setHandshakeTimeout(m_limits.headerTimeoutMs);
        listener = tls;
    } else {
        listener = new QTcpServer(this);
    }
    // Sockets leave the listener at once, so its own pending limit only matters for TLS
    // handshakes in flight, which should not starve accepts below our cap.
    listener->setMaxPendingConnections(std::max(30, m_limits.maxConnections));
    connect(listener, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
    if (!listener->listen(address, port)) {
        const QString reason = listener->errorString();
        delete listener;
        return unavailable(QStringLiteral("cannot listen on %1: %2").arg(where, reason));
    }
    m_listener = listener;
    return m_listener->serverPort();
}

void HttpServer::close()
{
    if (m_listener) {
        m_listener->close();
        delete m_listener;
        m_listener = nullptr;
    }
    const QList<HttpConnection *> open = m_connections;
    for (HttpConnection *connection : open)
        connection->drop();
    m_connections.clear();
    m_reserved = 0;
}

void HttpServer::acceptPending()
{
    while (m_listener && m_listener->hasPendingConnections()) {
        QTcpSocket *socket = m_listener->nextPendingConnection();
        if (!socket)
            return;
        bool healthOnly = false;
        bool refuse = false;
        if (m_connections.size() - m_reserved >= m_limits.maxConnections) {
            if (HttpConnection *victim = evictionCandidate())
                victim->closeQuietly(); // frees its slot now
            else if (m_reserved < m_limits.reservedForHealth)
                healthOnly = true;
            else
                refuse = true;
        }
        auto *connection = new HttpConnection(this, socket, healthOnly);
        if (refuse) {
            qCInfo(lcHttp).noquote()
                << "refused" << socket->peerAddress().toString() << "at the connection limit";
            connection->refuseAtCapacity();
            continue;
        }
        m_connections.append(connection);
        if (healthOnly)
            ++m_reserved;
        connection->start();
    }
}

/// The connection to give up for a newcomer: one already closing, else the one idle longest.
HttpConnection *HttpServer::evictionCandidate() const
{
    HttpConnection *best = nullptr;
    for (HttpConnection *connection : m_connections) {
        if (connection->isHealthOnly())
            continue;
        if (connection->isLingering())
            return connection;
        if (connection->isIdle() && (!best || connection->idleMs() > best->idleMs()))
            best = connection;
    }
    return best;
}

void HttpServer::forget(HttpConnection *connection)
{
    if (m_connections.removeOne(connection) && connection->isHealthOnly())
        --m_reserved;
}

} // namespace ops
