// The HTTP/1.1 transport over raw sockets. The server runs in a thread of its own so that these
// tests can use blocking socket calls; its handler records what reached it, and every refusal
// is checked against that record: a refused or smuggled request must never reach the handler.
#include "httpserver.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <optional>

using namespace ops;

namespace {

/// What the handler was given.
struct Seen
{
    QByteArray method;
    QString path;
    QByteArray body;
    bool keepAlive = false;
};

/// An HttpServer in its own thread with a handler that echoes the method, path and body size.
/// `/slow` answers 100 ms later (from a timer, as a group commit would); `/close` asks for the
/// connection to be closed.
class Harness
{
public:
    explicit Harness(HttpLimits limits = {}, const QSslCertificate &certificate = QSslCertificate(),
                     const QSslKey &key = QSslKey())
    {
        m_context->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_context,
            [&] {
                m_server = new HttpServer(
                    [this](const HttpRequest &request, HttpServer::Responder respond) {
                        handle(request, std::move(respond));
                    },
                    limits);
                if (!certificate.isNull())
                    m_server->setTls(certificate, key);
                const Result<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
                if (port)
                    m_port = port.value();
                else
                    m_error = port.error().message;
            },
            Qt::BlockingQueuedConnection);
    }
    ~Harness()
    {
        QMetaObject::invokeMethod(
            m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    quint16 port() const { return m_port; }
    QString error() const { return m_error; }
    QList<Seen> seen() const
    {
        QMutexLocker lock(&m_mutex);
        return m_seen;
    }
    QStringList events() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }

private:
    void handle(const HttpRequest &request, HttpServer::Responder respond)
    {
        const QString path = request.url.path();
        {
            QMutexLocker lock(&m_mutex);
            m_seen.append(Seen{request.method, path, request.body, request.keepAlive});
            m_events << QStringLiteral("handled ") + path;
        }
        HttpResponse response;
        response.body =
            QJsonDocument(
                QJsonObject{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                            {QStringLiteral("path"), path},
                            {QStringLiteral("query"), request.url.query()},
                            {QStringLiteral("body_bytes"), request.body.size()}})
                .toJson(QJsonDocument::Compact);
        if (path == QLatin1StringView("/close"))
            response.headers.append(std::pair<QByteArray, QByteArray>("Connection", "close"));
        if (path == QLatin1StringView("/slow")) {
            QTimer::singleShot(100, [this, respond, response] {
                {
                    QMutexLocker lock(&m_mutex);
                    m_events << QStringLiteral("answered /slow");
                }
                respond(response);
            });
            return;
        }
        respond(response);
    }

    QThread m_thread;
    QObject *m_context = new QObject; ///< lives in m_thread, deleted when it finishes
    HttpServer *m_server = nullptr;
    quint16 m_port = 0;
    QString m_error;
    mutable QMutex m_mutex;
    QList<Seen> m_seen;
    QStringList m_events;
};

struct Response
{
    int status = 0; ///< 0: no complete response arrived
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString detail() const { return json().value(QLatin1StringView("detail")).toString(); }
    QString path() const { return json().value(QLatin1StringView("path")).toString(); }
    qint64 bodyBytes() const { return json().value(QLatin1StringView("body_bytes")).toInteger(-1); }
    QByteArray describe() const { return QByteArray::number(status) + ' ' + body; }
};

/// A raw client: writes bytes exactly as given and parses what comes back.
class Client
{
public:
    explicit Client(QTcpSocket *socket = new QTcpSocket) : m_socket(socket) {}

    bool connectTo(quint16 port)
    {
        m_socket->connectToHost(QHostAddress::LocalHost, port);
        return m_socket->waitForConnected(3000);
    }
    bool connectEncrypted(quint16 port)
    {
        auto *tls = qobject_cast<QSslSocket *>(m_socket.get());
        tls->setPeerVerifyMode(QSslSocket::VerifyNone);
        tls->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        return tls->waitForEncrypted(5000);
    }
    void send(const QByteArray &bytes)
    {
        m_socket->write(bytes);
        while (m_socket->bytesToWrite() > 0 && m_socket->waitForBytesWritten(3000)) {
        }
    }

    /// The next complete response, or status 0 after timeoutMs. The answer to HEAD has a
    /// Content-Length but no body: pass bodyless.
    Response read(int timeoutMs = 3000, bool bodyless = false)
    {
        m_bodyless = bodyless;
        QElapsedTimer clock;
        clock.start();
        for (;;) {
            Response response;
            if (parse(response))
                return response;
            const qint64 left = timeoutMs - clock.elapsed();
            if (left <= 0)
                return {};
            if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(int(left))) {
                m_buffer += m_socket->readAll();
                Response last;
                if (parse(last))
                    return last;
                if (m_socket->state() == QAbstractSocket::UnconnectedState)
                    return {};
                continue;
            }
            m_buffer += m_socket->readAll();
        }
    }

    /// Whether the server closed the connection within timeoutMs. What arrived meanwhile stays
    /// in the buffer (see unread()).
    bool closedByServer(int timeoutMs = 3000)
    {
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->waitForDisconnected(timeoutMs);
        m_buffer += m_socket->readAll();
        return m_socket->state() == QAbstractSocket::UnconnectedState;
    }
    QByteArray unread() const { return m_buffer; }
    /// Reads whatever arrives within timeoutMs into the buffer.
    void drain(int timeoutMs)
    {
        if (m_socket->waitForReadyRead(timeoutMs))
            m_buffer += m_socket->readAll();
    }
    QTcpSocket &socket() { return *m_socket; }

private:
    bool parse(Response &response)
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        const QByteArray statusLine = lines.first().trimmed();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.size() < 12)
            return false;
        response.status = statusLine.mid(9, 3).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            response.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
        const qint64 length = m_bodyless ? 0 : response.header("Content-Length").toLongLong();
        if (m_buffer.size() < end + 4 + length)
            return false;
        response.body = m_buffer.mid(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        return true;
    }

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
    bool m_bodyless = false;
};

QByteArray request(const QByteArray &method, const QByteArray &target,
                   const QByteArray &headers = {}, const QByteArray &body = {})
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: test\r\n" + headers;
    if (!body.isEmpty())
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

const QByteArray smuggled = "GET /smuggled HTTP/1.1\r\nHost: test\r\n\r\n";

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

    /// A refusal: the status, a JSON detail naming `mention`, Connection: close, the connection
    /// closed by the server and nothing after the refusal read as a request.
    void expectRefusal(Client &client, int status, const QString &mention = {})
    {
        const Response response = client.read();
        QVERIFY2(response.status == status, response.describe().constData());
        QCOMPARE(response.header("Content-Type"), QByteArray("application/json"));
        QVERIFY2(!response.detail().isEmpty(), response.body.constData());
        if (!mention.isEmpty())
            QVERIFY2(response.detail().contains(mention), qPrintable(response.detail()));
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        QVERIFY(client.closedByServer());
        QCOMPARE(client.unread(), QByteArray()); // no second answer: nothing more was parsed
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Every refusal is logged at debug level; the assertions below say what matters.
        QLoggingCategory::setFilterRules(QStringLiteral("ops.http.debug=false"));
    }

    void normalRequest()
    {
        Harness server;
        QVERIFY2(server.port() != 0, qPrintable(server.error()));
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(
            request("POST", "/echo/a%20b?x=1&y=%C3%A9", "Content-Type: text/plain\r\n", "hello"));
        const Response response = client.read();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(response.header("Content-Length").toLongLong(), response.body.size());
        QVERIFY(!response.header("Date").isEmpty());
        QCOMPARE(response.header("Connection"), QByteArray()); // kept alive
        QCOMPARE(response.path(), QStringLiteral("/echo/a b"));
        QCOMPARE(response.bodyBytes(), 5);
        const QList<Seen> seen = server.seen();
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen[0].method, QByteArray("POST"));
        QCOMPARE(seen[0].body, QByteArray("hello"));
        QVERIFY(seen[0].keepAlive);

        // HEAD: the length of what GET would send, and no body.
        client.send(request("HEAD", "/echo"));
        const Response head = client.read(3000, true);
        QCOMPARE(head.status, 200);
        QVERIFY(head.header("Content-Length").toInt() > 0);
        QCOMPARE(head.body, QByteArray());
        client.drain(100);
        QCOMPARE(client.unread(), QByteArray());

        // The absolute form counts for its path and query only.
        client.send(request("GET", "http://test:80/abs?q=1"));
        const Response absolute = client.read();
        QCOMPARE(absolute.status, 200);
        QCOMPARE(absolute.path(), QStringLiteral("/abs"));
    }

    void keepAliveIsFast()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(request("GET", "/first"));
        QCOMPARE(client.read().status, 200);
        // A server that writes head and body separately with Nagle on stalls the second
        // response of a connection for the client's delayed ACK (40 ms on Linux).
        QList<double> ms;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer clock;
            clock.start();
            client.send(request("POST", "/next", {}, QByteArray(300, 'x')));
            const Response response = client.read();
            ms << clock.nsecsElapsed() / 1e6;
            QCOMPARE(response.status, 200);
            QCOMPARE(response.bodyBytes(), 300);
        }
        qInfo() << "round trips on a kept-alive connection (ms):" << ms;
        QVERIFY2(ms.first() < 20, qPrintable(QString::number(ms.first())));
        std::sort(ms.begin(), ms.end());
        QVERIFY2(ms[2] < 20, qPrintable(QString::number(ms[2])));
        QCOMPARE(server.seen().size(), 6);
    }

    void pipelinedInOrder()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(request("GET", "/slow") + request("GET", "/fast") +
                    request("POST", "/echo", {}, "abc"));
        QCOMPARE(client.read().path(), QStringLiteral("/slow"));
        QCOMPARE(client.read().path(), QStringLiteral("/fast"));
        const Response third = client.read();
        QCOMPARE(third.path(), QStringLiteral("/echo"));
        QCOMPARE(third.bodyBytes(), 3);
        // The next request is not even read before the previous one is answered.
        QCOMPARE(server.events(), QStringList({"handled /slow", "answered /slow", "handled /fast",
                                               "handled /echo"}));

        // An answer for a client that has gone is dropped, and the server carries on.
        client.send(request("GET", "/slow"));
        client.socket().abort();
        QTest::qWait(200);
        Client next;
        QVERIFY(next.connectTo(server.port()));
        next.send(request("GET", "/after"));
        QCOMPARE(next.read().status, 200);
    }

    void badContentLength_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QString>("mention");
        QTest::newRow("negative") << QByteArray("Content-Length: -1\r\n") << "\"-1\"";
        QTest::newRow("letters") << QByteArray("Content-Length: abc\r\n") << "\"abc\"";
        QTest::newRow("exponent") << QByteArray("Content-Length: 1e3\r\n") << "\"1e3\"";
        QTest::newRow("plus sign") << QByteArray("Content-Length: +5\r\n") << "\"+5\"";
        QTest::newRow("space inside") << QByteArray("Content-Length: 1 0\r\n") << "\"1 0\"";
        QTest::newRow("list") << QByteArray("Content-Length: 5, 5\r\n") << "\"5, 5\"";
        QTest::newRow("hex") << QByteArray("Content-Length: 0x10\r\n") << "\"0x10\"";
        QTest::newRow("fraction") << QByteArray("Content-Length: 1.0\r\n") << "\"1.0\"";
        QTest::newRow("empty") << QByteArray("Content-Length:\r\n") << "Content-Length";
        QTest::newRow("duplicates")
            << QByteArray("Content-Length: 5\r\nContent-Length: 6\r\n") << "\"5\" and \"6\"";
    }
    void badContentLength()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QString, mention);
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        // The "body" is a complete second request: if any length were guessed, it would run.
        client.send("POST /first HTTP/1.1\r\nHost: test\r\n" + headers + "\r\n" + smuggled);
        expectRefusal(client, 400, mention);
        QVERIFY(server.seen().isEmpty());
    }

    void sameContentLengthTwiceIsOne()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send("POST /twice HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n"
                    "Content-Length: 003\r\n\r\nabc");
        // "3" and "003" are different texts: refused, like any disagreement.
        expectRefusal(client, 400, QStringLiteral("\"003\""));
        Client again;
        QVERIFY(again.connectTo(server.port()));
        again.send("POST /twice HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n"
                   "Content-Length: 3\r\n\r\nabc");
        QCOMPARE(again.read().bodyBytes(), 3);
    }

    void bodyOverLimitRefusedFromHeader()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        QElapsedTimer clock;
        clock.start();
        // 200 MB announced; only the head is ever sent.
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                    "Content-Length: 209715200\r\n\r\n");
        expectRefusal(client, 413, QStringLiteral("209715200"));
        QVERIFY(clock.elapsed() < 2000);
        // A length too long for any integer is over the limit too, not malformed.
        Client huge;
        QVERIFY(huge.connectTo(server.port()));
        huge.send("POST /upload HTTP/1.1\r\nHost: test\r\n"
                  "Content-Length: 99999999999999999999999999\r\n\r\n");
        expectRefusal(huge, 413, QStringLiteral("Content-Length"));
        QVERIFY(server.seen().isEmpty());
    }

    void chunkedBody()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        const QByteArray message = "POST /chunked HTTP/1.1\r\nHost: test\r\n"
                                   "Transfer-Encoding: chunked\r\n\r\n"
                                   "5\r\nhello\r\n"
                                   "6;name=value\r\n world\r\n"
                                   "000\r\n"
                                   "X-Trailer: ignored\r\n\r\n";
        // In small pieces, so that every state of the parser meets a partial line.
        for (qsizetype i = 0; i < message.size(); i += 7) {
            client.send(message.mid(i, 7));
            QTest::qWait(2);
        }
        const Response response = client.read();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.bodyBytes(), 11);
        QCOMPARE(server.seen().value(0).body, QByteArray("hello world"));
        // Still kept alive after a chunked body.
        client.send(request("GET", "/after"));
        QCOMPARE(client.read().path(), QStringLiteral("/after"));
    }

    void largeBodies()
    {
        // Bodies far larger than what the socket buffers ahead of the parser: reading must go
        // on after that buffer has been full.
        HttpLimits limits;
        limits.bodyIdleTimeoutMs = 2000;
        Harness server(limits);
        Client client;
        QVERIFY(client.connectTo(server.port()));
        QByteArray body(8 * 1024 * 1024, 'b');
        client.send(request("POST", "/big", {}, body));
        const Response plain = client.read(10000);
        QVERIFY2(plain.status == 200, plain.describe().constData());
        QCOMPARE(plain.bodyBytes(), body.size());

        QByteArray chunked =
            "POST /big HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 64; ++i)
            chunked += "10000\r\n" + QByteArray(0x10000, char('a' + i % 26)) + "\r\n";
        chunked += "0\r\n\r\n";
        // Many requests in one go, each starting where a buffer happens to end.
        for (int i = 0; i < 50; ++i)
            chunked +=
                request("GET", "/small/" + QByteArray::number(i) + '/' + QByteArray(2000, 'p'));
        client.send(chunked);
        const Response decoded = client.read(10000);
        QVERIFY2(decoded.status == 200, decoded.describe().constData());
        QCOMPARE(decoded.bodyBytes(), 64 * 0x10000);
        for (int i = 0; i < 50; ++i) {
            const Response small = client.read(5000);
            QVERIFY2(small.path().startsWith(QStringLiteral("/small/%1/").arg(i)),
                     small.describe().left(200).constData());
        }
        QCOMPARE(server.seen().size(), 52);

        // The same behind a slow answer, while the socket's buffer fills up and stays full.
        QByteArray behind = request("GET", "/slow");
        for (int i = 0; i < 100; ++i)
            behind +=
                request("GET", "/behind/" + QByteArray::number(i) + '/' + QByteArray(2000, 'p'));
        client.send(behind);
        QCOMPARE(client.read(5000).path(), QStringLiteral("/slow"));
        for (int i = 0; i < 100; ++i) {
            const Response small = client.read(5000);
            QVERIFY2(small.path().startsWith(QStringLiteral("/behind/%1/").arg(i)),
                     small.describe().left(200).constData());
        }
        client.send(request("GET", "/slow") +
                    request("POST", "/after-slow", {}, body.left(300000)));
        QCOMPARE(client.read(5000).path(), QStringLiteral("/slow"));
        const Response after = client.read(5000);
        QVERIFY2(after.status == 200, after.describe().constData());
        QCOMPARE(after.bodyBytes(), 300000);
    }

    void chunkedRefusals_data()
    {
        QTest::addColumn<QByteArray>("transferEncoding");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("mention");
        const QByteArray chunked = "Transfer-Encoding: chunked\r\n";
        QTest::newRow("over the limit")
            << chunked << "3e8\r\n" + QByteArray(1000, 'a') + "\r\n1\r\na\r\n0\r\n\r\n"
            << 413 << "1000";
        QTest::newRow("huge chunk size")
            << chunked << QByteArray("ffffffffffffffffffffff\r\n") << 413 << "limit";
        QTest::newRow("not hex") << chunked << QByteArray("zz\r\nhello\r\n0\r\n\r\n") << 400
                                 << "\"zz\"";
        QTest::newRow("negative") << chunked << QByteArray("-5\r\nhello\r\n0\r\n\r\n") << 400
                                  << "\"-5\"";
        QTest::newRow("data longer than size")
            << chunked << QByteArray("5\r\nhelloXX\r\n0\r\n\r\n") << 400 << "CRLF";
        QTest::newRow("bare LF") << chunked << QByteArray("5\nhello\r\n0\r\n\r\n") << 400
                                 << "bare LF";
        QTest::newRow("garbage after size")
            << chunked << QByteArray("5 x\r\nhello\r\n0\r\n\r\n") << 400 << "chunk size";
        QTest::newRow("gzip") << QByteArray("Transfer-Encoding: gzip\r\n")
                              << QByteArray("0\r\n\r\n") << 501 << "gzip";
        QTest::newRow("gzip, chunked") << QByteArray("Transfer-Encoding: gzip, chunked\r\n")
                                       << QByteArray("0\r\n\r\n") << 501 << "gzip";
        QTest::newRow("chunked twice") << QByteArray("Transfer-Encoding: chunked, chunked\r\n")
                                       << QByteArray("0\r\n\r\n") << 400 << "more than once";
        QTest::newRow("with Content-Length")
            << QByteArray("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")
            << QByteArray("0\r\n\r\n") << 400 << "Content-Length";
    }
    void chunkedRefusals()
    {
        QFETCH(QByteArray, transferEncoding);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, mention);
        HttpLimits limits;
        limits.maxBodyBytes = 1000;
        Harness server(limits);
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send("POST /chunked HTTP/1.1\r\nHost: test\r\n" + transferEncoding + "\r\n" + body +
                    smuggled);
        expectRefusal(client, status, mention);
        QVERIFY(server.seen().isEmpty());
    }

    void chunkedInHttp10IsRefused()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
        expectRefusal(client, 400, QStringLiteral("HTTP/1.0"));
        QVERIFY(server.seen().isEmpty());
    }

    void headOverLimit()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + QByteArray(70 * 1024, 'a') +
                    "\r\n\r\n");
        expectRefusal(client, 431, QStringLiteral("65536"));
        // A request line without an end is cut at the limit too, without waiting for more.
        Client endless;
        QVERIFY(endless.connectTo(server.port()));
        endless.send("GET /" + QByteArray(100 * 1024, 'a'));
        expectRefusal(endless, 431);
        QVERIFY(server.seen().isEmpty());
    }

    void slowHeadAndStalledBody()
    {
        HttpLimits limits;
        limits.headerTimeoutMs = 300;
        limits.bodyIdleTimeoutMs = 300;
        Harness server(limits);

        // Slowloris: a header line every 100 ms never completes the head in time.
        Client slow;
        QVERIFY(slow.connectTo(server.port()));
        QElapsedTimer clock;
        clock.start();
        slow.send("GET /slowloris HTTP/1.1\r\nHost: test\r\n");
        while (clock.elapsed() < 3000 && slow.socket().bytesAvailable() == 0 &&
               slow.socket().state() == QAbstractSocket::ConnectedState) {
            slow.send("X-Drip: 1\r\n");
            slow.socket().waitForReadyRead(100);
        }
        const qint64 elapsed = clock.elapsed();
        expectRefusal(slow, 408, QStringLiteral("300 ms"));
        QVERIFY2(elapsed >= 250 && elapsed < 2000, qPrintable(QString::number(elapsed)));

        // A body that stops arriving.
        Client stalled;
        QVERIFY(stalled.connectTo(server.port()));
        stalled.send("POST /stalled HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");
        expectRefusal(stalled, 408, QStringLiteral("3 of Content-Length 10"));

        // A chunked body that stops between chunks.
        Client chunks;
        QVERIFY(chunks.connectTo(server.port()));
        chunks.send("POST /stalled HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "3\r\nabc\r\n");
        expectRefusal(chunks, 408, QStringLiteral("chunked"));

        // A connection that never says anything is closed without an answer.
        Client silent;
        QVERIFY(silent.connectTo(server.port()));
        QVERIFY(silent.closedByServer(2000));
        QCOMPARE(silent.unread(), QByteArray());
        QVERIFY(server.seen().isEmpty());
    }

    void idleKeepAliveIsClosed()
    {
        HttpLimits limits;
        limits.idleTimeoutMs = 300;
        Harness server(limits);
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(request("GET", "/one"));
        QCOMPARE(client.read().status, 200);
        QTest::qWait(150);
        client.send(request("GET", "/two")); // the idle clock restarts with every request
        QCOMPARE(client.read().status, 200);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(client.closedByServer(3000));
        QVERIFY2(clock.elapsed() >= 200, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(client.unread(), QByteArray()); // silently
        QCOMPARE(server.seen().size(), 2);
    }

    void connectionCap()
    {
        HttpLimits limits;
        limits.maxConnections = 2;
        limits.reservedForHealth = 1;
        Harness server(limits);

        // At the cap, the connection idle the longest makes room.
        Client a, b;
        QVERIFY(a.connectTo(server.port()));
        a.send(request("GET", "/a"));
        QCOMPARE(a.read().status, 200);
        QTest::qWait(30);
        QVERIFY(b.connectTo(server.port()));
        b.send(request("GET", "/b"));
        QCOMPARE(b.read().status, 200);
        Client c;
        QVERIFY(c.connectTo(server.port()));
        c.send(request("GET", "/c"));
        QCOMPARE(c.read().status, 200);
        QVERIFY(a.closedByServer(2000));
        QCOMPARE(a.unread(), QByteArray());
        b.send(request("GET", "/b2"));
        QCOMPARE(b.read().status, 200);

        // Both slots busy (a head under way): a newcomer gets a reserved slot, good for
        // GET /health only, once.
        b.send("GET /b3 HTTP/1.1\r\n");
        c.send("GET /c2 HTTP/1.1\r\n");
        QTest::qWait(100);
        Client d;
        QVERIFY(d.connectTo(server.port()));
        d.send(request("GET", "/hello"));
        expectRefusal(d, 503, QStringLiteral("/health"));
        QTest::qWait(100);
        Client e;
        QVERIFY(e.connectTo(server.port()));
        e.send(request("GET", "/health"));
        const Response health = e.read();
        QCOMPARE(health.status, 200);
        QCOMPARE(health.header("Connection"), QByteArray("close"));
        QVERIFY(e.closedByServer());
        QTest::qWait(100);

        // With the reserve taken as well, the newcomer is answered 503 at once and closed.
        Client f;
        QVERIFY(f.connectTo(server.port()));
        f.send("GET /health HTTP/1.1\r\n");
        QTest::qWait(100);
        Client g;
        QVERIFY(g.connectTo(server.port()));
        expectRefusal(g, 503, QStringLiteral("limit of 2 connections"));

        // The busy connections were never cut.
        b.send("Host: test\r\n\r\n");
        QCOMPARE(b.read().path(), QStringLiteral("/b3"));
        QStringList paths;
        for (const Seen &seen : server.seen())
            paths << seen.path;
        QCOMPARE(paths, QStringList({"/a", "/b", "/c", "/b2", "/health", "/b3"}));
    }

    void http10Closes()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send("GET /ten HTTP/1.0\r\n\r\n");
        const Response response = client.read();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        QVERIFY(client.closedByServer());
        QCOMPARE(server.seen().value(0).keepAlive, false);

        // ...unless it asks to keep the connection.
        Client kept;
        QVERIFY(kept.connectTo(server.port()));
        kept.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const Response first = kept.read();
        QCOMPARE(first.status, 200);
        QCOMPARE(first.header("Connection"), QByteArray("keep-alive"));
        kept.send("GET /two HTTP/1.0\r\n\r\n");
        QCOMPARE(kept.read().path(), QStringLiteral("/two"));
        QVERIFY(kept.closedByServer());
    }

    void connectionCloseCloses()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(request("GET", "/bye", "Connection: close\r\n") + smuggled);
        const Response response = client.read();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        QVERIFY(client.closedByServer());
        QCOMPARE(client.unread(), QByteArray());

        // The handler may ask for the close as well.
        Client asked;
        QVERIFY(asked.connectTo(server.port()));
        asked.send(request("GET", "/close"));
        QCOMPARE(asked.read().header("Connection"), QByteArray("close"));
        QVERIFY(asked.closedByServer());
        QCOMPARE(server.seen().size(), 2);
    }

    void garbage_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("mention");
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\xfe\r\n\r\n", 9) << 400 << "\\x00";
        QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400 << "request line";
        QTest::newRow("double space")
            << QByteArray("GET  / HTTP/1.1\r\nHost: t\r\n\r\n") << 400 << "request line";
        QTest::newRow("four parts")
            << QByteArray("GET / HTTP/1.1 x\r\nHost: t\r\n\r\n") << 400 << "request line";
        QTest::newRow("lowercase version")
            << QByteArray("GET / http/1.1\r\nHost: t\r\n\r\n") << 400 << "http/1.1";
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: t\r\n\r\n") << 505
                                  << "HTTP/2.0";
        QTest::newRow("HTTP/0.9") << QByteArray("GET / HTTP/0.9\r\n\r\n") << 505 << "HTTP/0.9";
        QTest::newRow("bad method")
            << QByteArray("GE(T / HTTP/1.1\r\nHost: t\r\n\r\n") << 400 << "GE(T";
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: t\n\n") << 400 << "bare LF";
        QTest::newRow("bare CR") << QByteArray("GET / HTTP/1.1\r\nHost: t\rX: y\r\n\r\n") << 400
                                 << "bare CR";
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost t\r\n\r\n") << 400
                                  << "Host t";
        QTest::newRow("space before colon")
            << QByteArray("GET / HTTP/1.1\r\nHost : t\r\n\r\n") << 400 << "\"Host \"";
        QTest::newRow("folded line")
            << QByteArray("GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n") << 400 << "folding";
        QTest::newRow("NUL in value")
            << QByteArray("GET / HTTP/1.1\r\nHost: t\r\nX: a") + '\0' + "b\r\n\r\n"
            << 400 << "\\x00";
        QTest::newRow("no Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400 << "Host";
        QTest::newRow("two Hosts")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400 << "Host";
        QTest::newRow("relative target")
            << QByteArray("GET health HTTP/1.1\r\nHost: t\r\n\r\n") << 400 << "\"health\"";
        QTest::newRow("bad percent")
            << QByteArray("GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n") << 400 << "/a%zz";
        QTest::newRow("fragment") << QByteArray("GET /a#b HTTP/1.1\r\nHost: t\r\n\r\n") << 400
                                  << "fragment";
        QTest::newRow("UTF-8 target")
            << QByteArray("GET /\xc3\xa9 HTTP/1.1\r\nHost: t\r\n\r\n") << 400 << "\\xc3";
        QTest::newRow("unknown expectation")
            << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\n\r\n") << 417
            << "200-ok";
    }
    void garbage()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QString, mention);
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send(bytes + smuggled);
        expectRefusal(client, status, mention);
        QVERIFY(server.seen().isEmpty());
    }

    void fuzzNeverCrashesNorBlamesItself()
    {
        Harness server;
        const QByteArray base = "GET /fuzz?x=1 HTTP/1.1\r\nHost: test\r\nAccept: */*\r\n\r\n";
        QRandomGenerator random(20261128);
        int answered = 0;
        for (int round = 0; round < 150; ++round) {
            QByteArray bytes = base;
            const int flips = 1 + int(random.bounded(3));
            for (int i = 0; i < flips; ++i) // the final CRLFCRLF stays: every head completes
                bytes[random.bounded(int(bytes.size() - 4))] = char(random.bounded(256));
            Client client;
            QVERIFY(client.connectTo(server.port()));
            client.send(bytes);
            const Response response = client.read(3000);
            QVERIFY2(response.status != 0, bytes.toPercentEncoding().constData());
            QVERIFY2(response.status < 500 || response.status == 501 || response.status == 505,
                     (response.describe() + " for " + bytes.toPercentEncoding()).constData());
            ++answered;
        }
        QCOMPARE(answered, 150);
        Client after;
        QVERIFY(after.connectTo(server.port()));
        after.send(request("GET", "/still-here"));
        QCOMPARE(after.read().status, 200);
    }

    void expectContinue()
    {
        Harness server;
        Client client;
        QVERIFY(client.connectTo(server.port()));
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n"
                    "Expect: 100-continue\r\n\r\n");
        const Response interim = client.read();
        QCOMPARE(interim.status, 100);
        QVERIFY(server.seen().isEmpty()); // invited, not yet handled
        client.send("hello");
        const Response response = client.read();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.bodyBytes(), 5);

        // Over the limit: refused from the header, with no invitation first.
        Client big;
        QVERIFY(big.connectTo(server.port()));
        big.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 209715200\r\n"
                 "Expect: 100-continue\r\n\r\n");
        expectRefusal(big, 413, QStringLiteral("209715200"));
        QCOMPARE(server.seen().size(), 1);
    }

    void tls()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        QTemporaryDir dir;
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                       "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout",
                       dir.filePath("key.pem"), "-out", dir.filePath("cert.pem")});
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
            QSKIP("openssl could not make a test certificate");
        QFile certFile(dir.filePath("cert.pem"));
        QFile keyFile(dir.filePath("key.pem"));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        const QSslCertificate certificate(certFile.readAll(), QSsl::Pem);
        const QSslKey key(keyFile.readAll(), QSsl::Ec, QSsl::Pem);
        QVERIFY(!certificate.isNull() && !key.isNull());

        Harness server({}, certificate, key);
        QVERIFY2(server.port() != 0, qPrintable(server.error()));
        Client client(new QSslSocket);
        QVERIFY(client.connectEncrypted(server.port()));
        client.send(request("POST", "/secure", {}, "abc"));
        const Response response = client.read();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.bodyBytes(), 3);
        client.send("GET /x HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n");
        const Response refused = client.read();
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.header("Connection"), QByteArray("close"));
        QCOMPARE(server.seen().size(), 1);

        // Plain HTTP on the TLS port is not served.
        Client plain;
        QVERIFY(plain.connectTo(server.port()));
        plain.send(request("GET", "/plain"));
        QVERIFY(plain.closedByServer(5000));
        QCOMPARE(server.seen().size(), 1);
    }

    void listenFailureIsAnError()
    {
        Harness first;
        HttpServer second([](const HttpRequest &, HttpServer::Responder) {});
        const Result<quint16> port = second.listen(QHostAddress::LocalHost, first.port());
        QVERIFY(!port);
        QVERIFY2(port.error().message.contains(QString::number(first.port())),
                 qPrintable(port.error().message));
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
