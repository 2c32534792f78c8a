// Every REST route of CONTRACT §3 over real HTTP, and every error class. Each refusal is checked
// to have left the buffer as it was; each success is checked in the buffer itself.
#include "automationsimulator.h"
#include "buffer.h"
#include "bufferevents.h"
#include "clock.h"
#include "httpapi.h"
#include "openapicheck.h"
#include "operations.h"
#include "routes.h"
#include "testsupport.h"
#include "timestamps.h"
#include "tokenstore.h"
#include "walsync.h"

#include <QMutex>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

using namespace ops;
using testsupport::BufferProbe;
using testsupport::fileBody;
using testsupport::HttpClient;

class TestHttpRoutes : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    Buffer m_owner;
    std::unique_ptr<HttpApi> m_api;
    QString m_base;
    QHash<QString, QString> m_tokens;
    std::unique_ptr<testsupport::OpenApiCheck> m_openApi;
    QStringList m_undescribed;
    ManualClock m_clock{*timestamps::parse(u"2026-11-28T02:00:00-03:00")};

    HttpClient client(const QString &token = QStringLiteral("admin"))
    {
        return HttpClient(m_base, m_tokens.value(token));
    }
    qint64 outbox() const { return BufferProbe(m_path).count(QStringLiteral("outbox")); }

    /// A REST API of its own on a fresh buffer at `path`, with an admin token: for tests that
    /// break that buffer's disk. Empty if it cannot start (the failed check says why).
    struct OwnApi
    {
        std::unique_ptr<HttpApi> api;
        QString base;
        QString token;
    };
    OwnApi ownApi(const QString &path)
    {
        OwnApi own;
        {
            Buffer owner;
            if (!owner.open(path, Buffer::Role::Owner).ok())
                return {};
            auto secret =
                TokenStore(owner.database())
                    .create(QStringLiteral("own"), {QStringLiteral("admin")}, QStringLiteral("t"));
            if (!secret.ok())
                return {};
            own.token = secret.value();
        }
        ApiSettings settings;
        settings.bufferPath = path;
        settings.site = SiteSettings{QStringLiteral("ccat"), 1000};
        own.api = std::make_unique<HttpApi>(settings, std::make_shared<SyncStatus>(), m_clock);
        auto port = own.api->start(QHostAddress::LocalHost, 0);
        if (!port.ok())
            return {};
        own.base = QStringLiteral("http://127.0.0.1:%1").arg(port.value());
        return own;
    }

    QString start(qint64 obsUnit = 7, const QJsonObject &extra = {})
    {
        QJsonObject body = extra;
        body.insert(QStringLiteral("obs_unit_id"), obsUnit);
        return client()
            .post(QStringLiteral("/executed_obs_units/start"), body)
            .object()
            .value(QLatin1StringView("id"))
            .toString();
    }

    /// Sends a request that must be refused with `status` and a detail naming `field`, and checks
    /// that the outbox did not change.
    void expectRefusal(const testsupport::HttpResult &result, int status, const QString &field,
                       qint64 outboxBefore)
    {
        QVERIFY2(result.status == status, qPrintable(QStringLiteral("got %1: %2")
                                                         .arg(result.status)
                                                         .arg(QString::fromUtf8(result.raw))));
        QVERIFY2(!result.detail().isEmpty(), result.raw.constData());
        if (!field.isEmpty())
            QVERIFY2(result.detail().contains(field), qPrintable(result.detail()));
        QCOMPARE(outbox(), outboxBefore);
    }

    /// Sends a create again that was answered `first`: the same answer, and nothing written.
    void expectRepeat(const QString &path, const QJsonValue &body,
                      const testsupport::HttpResult &first)
    {
        const qint64 before = outbox();
        const auto again = client().post(path, body);
        QVERIFY2(again.status == first.status, again.raw.constData());
        QCOMPARE(again.object(), first.object());
        QCOMPARE(outbox(), before);
    }
    /// Sends `bytes` on a new raw connection and returns all that came back until the server
    /// closed it or `waitMs` passed (the event loop runs meanwhile: the server is in this thread).
    QByteArray rawExchange(const QByteArray &bytes, int waitMs) const
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, QUrl(m_base).port());
        if (!socket.waitForConnected(3000))
            return QByteArray("not connected");
        socket.write(bytes);
        QByteArray answer;
        QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            waitMs);
        return answer + socket.readAll();
    }
    qint64 rows(const QString &table, const QString &id) const
    {
        return BufferProbe(m_path).count(table, QStringLiteral("id = ?"), {id});
    }
    QVariant stored(const QString &column, const QString &table, const QString &id) const
    {
        return BufferProbe(m_path).scalar(
            QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(column, table), {id});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("buffer.sqlite"));
        QVERIFY(m_owner.open(m_path, Buffer::Role::Owner).ok());
        TokenStore tokens(m_owner.database());
        for (const auto &[name, scopes] : {std::pair{"admin", "admin"}, std::pair{"reader", "read"},
                                           std::pair{"observer", "write:observations,read"},
                                           std::pair{"files", "write:files"}}) {
            auto secret = tokens.create(QString::fromLatin1(name),
                                        QString::fromLatin1(scopes).split(QLatin1Char(',')),
                                        QStringLiteral("t"));
            QVERIFY(secret.ok());
            m_tokens.insert(QString::fromLatin1(name), secret.value());
        }
        ApiSettings settings;
        settings.bufferPath = m_path;
        settings.site = SiteSettings{QStringLiteral("ccat"), 1000};
        settings.maxBodyBytes = 256 * 1024;
        m_api = std::make_unique<HttpApi>(settings, std::make_shared<SyncStatus>(), m_clock);
        auto port = m_api->start(QHostAddress::LocalHost, 0);
        QVERIFY(port.ok());
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(port.value());

        // Every answer any test below receives is checked against the served description.
        m_openApi = std::make_unique<testsupport::OpenApiCheck>(
            HttpClient(m_base).get(QStringLiteral("/openapi.json")).object());
        HttpClient::observer() = [this](const QByteArray &method, const QString &path,
                                        const testsupport::HttpResult &result) {
            if (const QString problem =
                    m_openApi->check(QString::fromLatin1(method), path, result.status,
                                     result.json.isArray() ? QJsonValue(result.json.array())
                                                           : QJsonValue(result.json.object()));
                !problem.isEmpty())
                m_undescribed << problem;
        };
    }

    /// Last: what the tests received that the OpenAPI document does not describe.
    void cleanupTestCase()
    {
        HttpClient::observer() = {};
        m_undescribed.removeDuplicates();
        QVERIFY2(m_undescribed.isEmpty(), qPrintable(m_undescribed.join(QLatin1Char('\n'))));
    }

    void healthNeedsNoToken()
    {
        const auto health = HttpClient(m_base).get(QStringLiteral("/health"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.object().value(QLatin1StringView("central")).toString(),
                 QStringLiteral("not_configured"));
        QCOMPARE(health.object().value(QLatin1StringView("site")).toString(),
                 QStringLiteral("ccat"));
        QVERIFY(health.object()
                    .value(QLatin1StringView("buffer"))
                    .toObject()
                    .contains(QLatin1StringView("pending")));
    }

    void authenticationAndScopes()
    {
        const qint64 before = outbox();
        const QJsonObject body{{QStringLiteral("obs_unit_id"), 1}};
        expectRefusal(HttpClient(m_base).post(QStringLiteral("/executed_obs_units/start"), body),
                      401, QStringLiteral("Authorization"), before);
        expectRefusal(HttpClient(m_base, QStringLiteral("ops_wrong"))
                          .post(QStringLiteral("/executed_obs_units/start"), body),
                      401, QStringLiteral("Authorization"), before);
        expectRefusal(client(QStringLiteral("reader"))
                          .post(QStringLiteral("/executed_obs_units/start"), body),
                      403, QStringLiteral("write:observations"), before);
        expectRefusal(client(QStringLiteral("files")).get(QStringLiteral("/executed_obs_units/1")),
                      403, QStringLiteral("read"), before);
        expectRefusal(client(QStringLiteral("observer"))
                          .get(QStringLiteral(
                              "/sync/transactions/6f9619ff-8b86-4d01-b42d-00cf4fc964ff/retry")),
                      405, QString(), before);
        QCOMPARE(client(QStringLiteral("observer"))
                     .post(QStringLiteral("/executed_obs_units/start"), body)
                     .status,
                 201);
        QCOMPARE(outbox(), before + 1);
    }

    // A revoked token is refused at its very next request, also when it was the last one the
    // REST thread saw (its hash is remembered, the lookup is not) and when another came between.
    void aRevokedTokenIsRefusedAtItsNextRequest()
    {
        auto secret = TokenStore(m_owner.database())
                          .create(QStringLiteral("soon-revoked"), {QStringLiteral("admin")},
                                  QStringLiteral("t"));
        QVERIFY(secret.ok());
        const QJsonObject body{{QStringLiteral("obs_unit_id"), 3}};
        HttpClient revoked(m_base, secret.value());
        QCOMPARE(revoked.post(QStringLiteral("/executed_obs_units/start"), body).status, 201);
        QVERIFY(TokenStore(m_owner.database())
                    .revoke(QStringLiteral("soon-revoked"), QStringLiteral("t2"))
                    .ok());
        const qint64 before = outbox();
        expectRefusal(revoked.post(QStringLiteral("/executed_obs_units/start"), body), 401,
                      QStringLiteral("Authorization"), before);
        QCOMPARE(client().post(QStringLiteral("/executed_obs_units/start"), body).status, 201);
        expectRefusal(revoked.post(QStringLiteral("/executed_obs_units/start"), body), 401,
                      QStringLiteral("Authorization"), before + 1);
    }

    void startFinishAndReadYourWrites()
    {
        const auto started =
            client(QStringLiteral("observer"))
                .post(QStringLiteral("/executed_obs_units/start"),
                      QJsonObject{{QStringLiteral("obs_unit_id"), 4242},
                                  {QStringLiteral("obs_info"),
                                   QJsonObject{{QStringLiteral("mode"), QStringLiteral("otf")}}}});
        QCOMPARE(started.status, 201);
        QCOMPARE(started.object().value(QLatin1StringView("status")).toString(),
                 QStringLiteral("buffered"));
        const QString id = started.object().value(QLatin1StringView("id")).toString();
        const QString tx = started.object().value(QLatin1StringView("transaction_id")).toString();
        QCOMPARE(BufferProbe(m_path)
                     .scalar(QStringLiteral("SELECT kind FROM outbox WHERE id = ?"), {tx})
                     .toString(),
                 QStringLiteral("start_observation"));

        auto list =
            client(QStringLiteral("reader")).get(QStringLiteral("/executed_obs_units/4242"));
        QCOMPARE(list.status, 200);
        QCOMPARE(list.array().size(), 1);
        QJsonObject detail = list.array().first().toObject();
        QCOMPARE(detail.value(QLatin1StringView("id")).toString(), id);
        QCOMPARE(detail.value(QLatin1StringView("sync_state")).toString(),
                 QStringLiteral("buffered"));
        QCOMPARE(detail.value(QLatin1StringView("operator")).toString(),
                 QStringLiteral("observer"));
        QVERIFY(detail.value(QLatin1StringView("raw_data_files")).isArray());
        QVERIFY(detail.value(QLatin1StringView("raw_data_packages")).isArray());

        const auto finished =
            client(QStringLiteral("observer"))
                .put(QStringLiteral("/executed_obs_units/%1/finish").arg(id),
                     QJsonObject{{QStringLiteral("status"), QStringLiteral("completed")},
                                 {QStringLiteral("mean_elevation"), 45.5}});
        QCOMPARE(finished.status, 200);
        QCOMPARE(
            BufferProbe(m_path)
                .scalar(QStringLiteral("SELECT status FROM executed_obs_unit WHERE id = ?"), {id})
                .toString(),
            QStringLiteral("completed"));
        detail =
            client().get(QStringLiteral("/executed_obs_units/4242")).array().first().toObject();
        QCOMPARE(detail.value(QLatin1StringView("mean_elevation")).toDouble(), 45.5);

        const qint64 before = outbox();
        expectRefusal(
            client().put(QStringLiteral("/executed_obs_units/%1/finish").arg(id), QJsonObject{}),
            409, QStringLiteral("completed"), before);
        expectRefusal(
            client().put(
                QStringLiteral("/executed_obs_units/6f9619ff-8b86-4d01-b42d-00cf4fc964ff/finish"),
                QJsonObject{}),
            404, QStringLiteral("6f9619ff"), before);
        expectRefusal(
            client().put(QStringLiteral("/executed_obs_units/not-a-uuid/finish"), QJsonObject{}),
            422, QStringLiteral("id"), before);
        QCOMPARE(client().get(QStringLiteral("/executed_obs_units/999999")).array().size(), 0);
        expectRefusal(client().get(QStringLiteral("/executed_obs_units/abc")), 422,
                      QStringLiteral("obs_unit_id"), before);
        expectRefusal(client().get(QStringLiteral("/executed_obs_units/4242?limit=10001")), 422,
                      QStringLiteral("limit"), before);
    }

    void malformedAndInvalidBodies()
    {
        const qint64 before = outbox();
        HttpClient admin = client();
        expectRefusal(
            admin.send("POST", QStringLiteral("/executed_obs_units/start"), "{\"obs_unit_id\": 1"),
            400, QStringLiteral("JSON"), before);
        expectRefusal(admin.send("POST", QStringLiteral("/executed_obs_units/start"),
                                 "obs_unit_id=1", "application/x-www-form-urlencoded"),
                      400, QStringLiteral("Content-Type"), before);
        expectRefusal(admin.post(QStringLiteral("/executed_obs_units/start"),
                                 QJsonObject{{QStringLiteral("obs_unit_id"), -3}}),
                      422, QStringLiteral("obs_unit_id"), before);
        expectRefusal(admin.post(QStringLiteral("/executed_obs_units/start"), QJsonObject{}), 422,
                      QStringLiteral("obs_unit_id"), before);
        expectRefusal(
            admin.post(QStringLiteral("/executed_obs_units/start"),
                       QJsonObject{{QStringLiteral("obs_unit_id"), 1},
                                   {QStringLiteral("start_time"), QStringLiteral("yesterday")}}),
            422, QStringLiteral("start_time"), before);
        expectRefusal(admin.post(QStringLiteral("/executed_obs_units/start"), QJsonArray{1}), 422,
                      QStringLiteral("body"), before);
        expectRefusal(
            admin.send("POST", QStringLiteral("/raw_data_files/bulk"), QByteArray(300 * 1024, ' ')),
            413, QStringLiteral("Content-Length"), before);
        expectRefusal(admin.get(QStringLiteral("/no/such/route")), 404, QString(), before);
    }

    void idempotentCreate()
    {
        const QJsonObject body{
            {QStringLiteral("obs_unit_id"), 77},
            {QStringLiteral("id"), QStringLiteral("0b0c0d0e-0000-4000-8000-000000000001")}};
        const auto first = client().post(QStringLiteral("/executed_obs_units/start"), body);
        const qint64 after = outbox();
        const auto again = client().post(QStringLiteral("/executed_obs_units/start"), body);
        QCOMPARE(first.status, 201);
        QCOMPARE(again.status, 201);
        QCOMPARE(again.object(), first.object());
        QCOMPARE(outbox(), after);
        QJsonObject changed = body;
        changed.insert(QStringLiteral("obs_info"), QJsonObject{{QStringLiteral("x"), 1}});
        expectRefusal(client().post(QStringLiteral("/executed_obs_units/start"), changed), 409,
                      QStringLiteral("id"), after);
    }

    /// The bulk route reads its list one file at a time from the text: brackets, commas and
    /// escaped quotes inside strings, spacing anywhere, and elements that are not files.
    void bulkBodiesAreReadFileByFile()
    {
        HttpClient admin = client();
        const QString obs = start(91);
        const QString path = QStringLiteral("/raw_data_files/bulk");
        const QByteArray sum(64, 'c');
        const auto file = [&](const QByteArray &relativePath, const QByteArray &extra = {}) {
            return "{ \"executed_obs_unit_id\" : \"" + obs.toUtf8() +
                   "\",\"instrument_module\":\"m\", \"relative_path\": " + relativePath +
                   ", \"size_bytes\" :7,\n\"checksum\":\"" + sum + '"' + extra + " }";
        };
        const QByteArray tricky = "\"odd/[a], {b}\\\" ]\\\\ \\u00e9.fits\"";
        const auto sent =
            admin.send("POST", path,
                       "\n [\t" + file(tricky) + " ,\r\n" + file("\"odd/plain.fits\"") + "\n]  ");
        QCOMPARE(sent.status, 201);
        const QJsonArray ids = sent.object().value(QLatin1StringView("ids")).toArray();
        QCOMPARE(ids.size(), 2);
        QCOMPARE(stored(QStringLiteral("relative_path"), QStringLiteral("raw_data_file"),
                        ids.at(0).toString())
                     .toString(),
                 QStringLiteral("odd/[a], {b}\" ]\\ \u00e9.fits"));
        QCOMPARE(stored(QStringLiteral("relative_path"), QStringLiteral("raw_data_file"),
                        ids.at(1).toString())
                     .toString(),
                 QStringLiteral("odd/plain.fits"));

        const qint64 before = outbox();
        const QByteArray good = file("\"odd/new.fits\"");
        for (const auto &[element, named] :
             {std::pair{QByteArray("5"), QStringLiteral("[1]: must be a JSON object, got 5")},
              std::pair{QByteArray("\"x]\""), QStringLiteral("got \"x]\"")},
              std::pair{QByteArray("[1, {\"a\": 2}]"), QStringLiteral("got [1,{\"a\":2}]")},
              std::pair{QByteArray("null"), QStringLiteral("got null")},
              std::pair{file("\"odd/x.fits\"", ", \"extra\": {\"n\": [\"]\"]}"),
                        QStringLiteral("[1].extra: unknown field")}})
            expectRefusal(admin.send("POST", path, "[" + good + ", " + element + "]"), 422, named,
                          before);
        for (const QByteArray &notAList :
             {QByteArray(" [ \n ] "), QByteArray("\"[1]\""), good, QByteArray("7")})
            expectRefusal(admin.send("POST", path, notAList), 422, QStringLiteral("body"), before);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("relative_path = 'odd/new.fits'")),
                 0);
    }

    void strictInputRefusesWhatCentralCannotHold()
    {
        const qint64 before = outbox();
        HttpClient admin = client();
        const QString obs = start(90);
        const qint64 afterStart = outbox();
        QCOMPARE(afterStart, before + 1);
        const auto send = [&](const QByteArray &method, const QString &path,
                              const QByteArray &raw) { return admin.send(method, path, raw); };
        const QString startPath = QStringLiteral("/executed_obs_units/start");
        const QString finishPath = QStringLiteral("/executed_obs_units/%1/finish").arg(obs);
        // Not JSON by RFC 8259, though Qt's parser would take it: 400, nothing acted on.
        for (const QByteArray &raw :
             {QByteArray(R"({"obs_unit_id": 1, "obs_info": {"a": "\q"}})"),
              QByteArray(R"({"obs_unit_id": .5})"),
              QByteArray("{\"obs_unit_id\": 1, \"site\": \"a\tb\"}"),
              QByteArray(R"({"obs_unit_id": 01})"), QByteArray(R"({"obs_unit_id": 1,})"),
              QByteArray("{\"obs_unit_id\": 1, \"site\": \"\xff\"}")})
            expectRefusal(send("POST", startPath, raw), 400, QStringLiteral("JSON"), afterStart);
        expectRefusal(send("PUT", finishPath, R"({"mean_pwv": .5})"), 400, QStringLiteral("JSON"),
                      afterStart);
        // The same key twice: which one was meant is unknown.
        expectRefusal(send("POST", startPath, R"({"obs_unit_id": 1, "obs_unit_id": 2})"), 400,
                      QStringLiteral("obs_unit_id"), afterStart);
        // Unknown fields are named, never dropped.
        expectRefusal(send("PUT", finishPath, R"({"mean_pvw": 1.5})"), 422,
                      QStringLiteral("mean_pvw"), afterStart);
        expectRefusal(admin.post(QStringLiteral("/raw_data_files/bulk"),
                                 QJsonArray{fileBody(obs, QStringLiteral("a.fits")),
                                            QJsonObject{{QStringLiteral("sizebytes"), 1}}}),
                      422, QStringLiteral("[1].sizebytes"), afterStart);
        // Strings central cannot store.
        expectRefusal(
            send("POST", startPath, R"({"obs_unit_id": 1, "obs_info": {"n": "a\u0000b"}})"), 422,
            QStringLiteral("obs_info.n"), afterStart);
        expectRefusal(send("POST", startPath, R"({"obs_unit_id": 1, "obs_info": {"n": "\ud800"}})"),
                      422, QStringLiteral("surrogate"), afterStart);
        // Valid JSON numbers that no double holds: out of range, named by their field (not
        // "malformed JSON").
        expectRefusal(send("POST", startPath, R"({"obs_unit_id": 1, "obs_info": {"t": 1e400}})"),
                      422, QStringLiteral("obs_info.t: 1e400 is out of range"), afterStart);
        expectRefusal(send("POST", startPath, R"({"obs_unit_id": 1, "obs_info": {"t": -1E-400}})"),
                      422, QStringLiteral("obs_info.t: -1E-400 is out of range"), afterStart);
        expectRefusal(send("POST", startPath, R"({"obs_unit_id": 1e400})"), 422,
                      QStringLiteral("obs_unit_id: 1e400 is out of range"), afterStart);
        // Each refusal names the range the field really takes and the value as sent: an integer
        // past 2^63 as the double it arrived as, not as digits it never had.
        expectRefusal(send("POST", startPath, R"({"obs_unit_id": "8000"})"), 422,
                      QStringLiteral("obs_unit_id: must be an integer from 1 to 2147483647, got "
                                     "\"8000\""),
                      afterStart);
        expectRefusal(
            send("POST", QStringLiteral("/raw_data_files"),
                 QJsonDocument(fileBody(obs, QStringLiteral("x.fits")))
                     .toJson(QJsonDocument::Compact)
                     .replace("\"size_bytes\":100", "\"size_bytes\":9223372036854775808")),
            422,
            QStringLiteral("size_bytes: must be an integer from -2^63 to 2^63 - 1, got "
                           "9.2233720368547758e+18"),
            afterStart);
        expectRefusal(admin.del(QStringLiteral("/staging/0b0c0d0e-0000-4000-8000-00000000fff1"),
                                QJsonObject{{QStringLiteral("reason"), 1}}),
                      422, QStringLiteral("reason: must be a string, got 1"), afterStart);
        expectRefusal(send("POST", QStringLiteral("/raw_data_files"),
                           QJsonDocument(fileBody(obs, QStringLiteral("x")))
                               .toJson()
                               .replace("\"x\"", R"("a\u0000b.fits")")),
                      422, QStringLiteral("relative_path"), afterStart);
        // Times outside years 1-9999 in UTC, and times that do not exist: each refusal says which.
        for (const auto &[time, why] :
             {std::pair{"0001-01-01T00:00:00+05:00",
                        "is outside years 1 to 9999 in UTC, which central holds"},
              std::pair{"9999-12-31T23:59:59-01:00",
                        "is outside years 1 to 9999 in UTC, which central holds"},
              std::pair{"0000-01-01T00:00:00Z", "has year 0; years run from 1 to 9999"},
              std::pair{"2026-02-30T01:00:00Z", "names a day that does not exist"},
              std::pair{"2026-01-01T24:00:00Z", "names a time of day that does not exist"},
              std::pair{"2026-01-01T01:00:00+24:00", "has an offset that does not exist"},
              std::pair{"2026-01-01 01:00", "must be an RFC 3339 timestamp with offset, e.g. "
                                            "\"2026-11-27T03:15:00-03:00\""}})
            expectRefusal(admin.post(startPath, QJsonObject{{QStringLiteral("obs_unit_id"), 1},
                                                            {QStringLiteral("start_time"),
                                                             QString::fromLatin1(time)}}),
                          422,
                          QStringLiteral("start_time: %1, got \"%2\"")
                              .arg(QString::fromLatin1(why), QString::fromLatin1(time)),
                          afterStart);
        // Text longer than central can index.
        expectRefusal(
            admin.post(QStringLiteral("/raw_data_files"),
                       fileBody(obs, QString(3000, QLatin1Char('p')) + QStringLiteral(".fits"))),
            422, QStringLiteral("relative_path"), afterStart);
        expectRefusal(
            admin.post(
                QStringLiteral("/raw_data_package"),
                QJsonObject{{QStringLiteral("name"), QString(1100, QLatin1Char('n'))},
                            {QStringLiteral("executed_obs_unit_id"), obs},
                            {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")}}),
            422, QStringLiteral("name"), afterStart);
        // Content types are matched exactly, parameters allowed.
        expectRefusal(admin.send("POST", startPath, R"({"obs_unit_id": 1})", "application/jsonx"),
                      400, QStringLiteral("Content-Type"), afterStart);
        expectRefusal(admin.send("POST", startPath, R"({"obs_unit_id": 1})", "text/plain+json"),
                      400, QStringLiteral("Content-Type"), afterStart);
        QCOMPARE(admin
                     .send("POST", startPath, R"({"obs_unit_id": 91})",
                           "application/json; charset=utf-8")
                     .status,
                 201);
    }

    void integersStayExactAndSumsDoNotWrap()
    {
        HttpClient admin = client();
        const QString obs = start(92);
        // 2^53 + 1: a double would make it ...992.
        const QByteArray raw =
            QJsonDocument(fileBody(obs, QStringLiteral("exact.fits")))
                .toJson(QJsonDocument::Compact)
                .replace("\"size_bytes\":100", "\"size_bytes\":9007199254740993");
        const auto created = admin.send("POST", QStringLiteral("/raw_data_files"), raw);
        QCOMPARE(created.status, 201);
        const QString id = created.object().value(QLatin1StringView("id")).toString();
        QCOMPARE(
            BufferProbe(m_path)
                .scalar(QStringLiteral("SELECT size_bytes FROM raw_data_file WHERE id = ?"), {id})
                .toLongLong(),
            9007199254740993LL);
        // The outbox payload keeps it exact too (it is what goes to central).
        QVERIFY(
            BufferProbe(m_path)
                .scalar(QStringLiteral("SELECT payload FROM outbox WHERE id = ?"),
                        {created.object().value(QLatin1StringView("transaction_id")).toString()})
                .toString()
                .contains(QStringLiteral("9007199254740993")));
        QVERIFY(admin.get(QStringLiteral("/raw_data_files/%1").arg(id))
                    .raw.contains("9007199254740993"));

        // Files whose sizes add up past 2^63 - 1 in one observation: refused up front (CONTRACT
        // §6), not wrapped below the limit, whether they come together or one after the other.
        const QByteArray big = QByteArray::number(std::numeric_limits<qint64>::max() - 10);
        QJsonArray bulk;
        for (int i = 0; i < 2; ++i)
            bulk.append(fileBody(obs, QStringLiteral("huge%1.fits").arg(i)));
        qint64 before = outbox();
        expectRefusal(admin.send("POST", QStringLiteral("/raw_data_files/bulk"),
                                 QJsonDocument(bulk)
                                     .toJson(QJsonDocument::Compact)
                                     .replace("\"size_bytes\":100", "\"size_bytes\":" + big)),
                      422, QStringLiteral("[1].size_bytes: ") + QString::fromLatin1(big), before);
        // With the exact file above, this one brings the observation to 2^63 - 11 bytes.
        const QByteArray rest =
            QByteArray::number(std::numeric_limits<qint64>::max() - 10 - 9007199254740993LL);
        const auto huge = admin.send("POST", QStringLiteral("/raw_data_files"),
                                     QJsonDocument(bulk.at(0).toObject())
                                         .toJson(QJsonDocument::Compact)
                                         .replace("\"size_bytes\":100", "\"size_bytes\":" + rest));
        QCOMPARE(huge.status, 201);
        before = outbox();
        QJsonObject more = fileBody(obs, QStringLiteral("more.fits"));
        more.insert(QStringLiteral("size_bytes"), 11);
        expectRefusal(admin.post(QStringLiteral("/raw_data_files"), more), 422,
                      QStringLiteral("size_bytes: 11 would bring the files of executed observation "
                                     "%1 past 9223372036854775807 bytes (9223372036854775797 "
                                     "already registered)")
                          .arg(obs),
                      before);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("relative_path = 'more.fits'")),
                 0);
        more.insert(QStringLiteral("size_bytes"), 10);
        QCOMPARE(admin.post(QStringLiteral("/raw_data_files"), more).status, 201);
    }

    /// Text reads back as it was sent, escaped or raw, beyond the BMP too. U+FFFE and U+FFFF
    /// are refused (422 naming the field, nothing written): SQLite hands them to QtSql as U+FFFD,
    /// so three distinct paths would read back alike and a safe retry would be a 409.
    void charactersReadBackAsSentOrAreRefused()
    {
        HttpClient admin = client();
        const QString obs = start(93);
        const auto body = [&](const QByteArray &path) {
            return QJsonDocument(fileBody(obs, QStringLiteral("PATH")))
                .toJson(QJsonDocument::Compact)
                .replace("PATH", path);
        };
        const QList<std::pair<QByteArray, QString>> accepted{
            {"chars/\\ufffd", QStringLiteral("chars/") + QChar(0xFFFD)},
            {"chars/\\udbff\\udfff", QStringLiteral("chars/") + QChar(0xDBFF) + QChar(0xDFFF)},
            {"chars/raw-\xf4\x8f\xbf\xbf",
             QStringLiteral("chars/raw-") + QChar(0xDBFF) + QChar(0xDFFF)},
            {"chars/\xc3\xa9\\u00e9", QStringLiteral("chars/") + QChar(0xE9) + QChar(0xE9)}};
        for (const auto &[sent, expected] : accepted) {
            const auto created = admin.send("POST", QStringLiteral("/raw_data_files"), body(sent));
            QVERIFY2(created.status == 201, created.raw.constData());
            const QString id = created.object().value(QLatin1StringView("id")).toString();
            QCOMPARE(stored(QStringLiteral("relative_path"), QStringLiteral("raw_data_file"), id)
                         .toString(),
                     expected);
            const auto read = admin.get(QStringLiteral("/raw_data_files/%1").arg(id));
            QCOMPARE(read.object().value(QLatin1StringView("relative_path")).toString(), expected);
        }
        const qint64 before = outbox();
        for (const QByteArray &sent : {QByteArray("chars/\\uffff"), QByteArray("chars/\\ufffe"),
                                       QByteArray("chars/raw-\xef\xbf\xbf")})
            expectRefusal(admin.send("POST", QStringLiteral("/raw_data_files"), body(sent)), 422,
                          QStringLiteral("relative_path: contains the noncharacter U+FFF"), before);
    }

    void metricsInPrometheusText()
    {
        start(95);
        // From loopback, no token is needed; a wrong token is still refused.
        const auto scraped = HttpClient(m_base).get(QStringLiteral("/metrics"));
        QCOMPARE(scraped.status, 200);
        for (const char *name :
             {"opsconsole_http_requests_total{method=\"POST\",route=\"/executed_obs_units/start\","
              "status=\"201\"}",
              "opsconsole_ack_latency_seconds_bucket{le=\"+Inf\"}",
              "opsconsole_pending_transactions ", "opsconsole_oldest_pending_age_seconds ",
              "opsconsole_dead_letters ", "opsconsole_transactions_applied_total ",
              "opsconsole_rows_applied_total ", "opsconsole_pull_lag_seconds ",
              "opsconsole_buffer_bytes ",
              "opsconsole_central_connected{state=\"not_configured\"} 0"})
            QVERIFY2(scraped.raw.contains(name), name);
        // Every sample line is "name{labels} value" or "name value"; every family is typed.
        for (const QByteArray &line : scraped.raw.split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            bool ok = false;
            line.mid(line.lastIndexOf(' ') + 1).toDouble(&ok);
            QVERIFY2(ok, line.constData());
        }
        QCOMPARE(
            HttpClient(m_base, QStringLiteral("nonsense")).get(QStringLiteral("/metrics")).status,
            401);
        QCOMPARE(client(QStringLiteral("files")).get(QStringLiteral("/metrics")).status, 403);
        QCOMPARE(client(QStringLiteral("reader")).get(QStringLiteral("/metrics")).status, 200);
    }

    void openApiDescribesEveryRoute()
    {
        const auto described = HttpClient(m_base).get(QStringLiteral("/openapi.json"));
        QCOMPARE(described.status, 200);
        const QJsonObject doc = described.object();
        QVERIFY(doc.value(QLatin1StringView("openapi")).toString().startsWith(QLatin1String("3.")));
        const QJsonObject paths = doc.value(QLatin1StringView("paths")).toObject();
        int operations = 0;
        for (const routes::Route &route : routes::all()) {
            const QJsonObject op = paths.value(route.path)
                                       .toObject()
                                       .value(routes::methodName(route.method).toLower())
                                       .toObject();
            QVERIFY2(!op.isEmpty(), qPrintable(route.path));
            QVERIFY(op.value(QLatin1StringView("responses"))
                        .toObject()
                        .contains(QString::number(route.success)));
            ++operations;
        }
        int listed = 0;
        for (const QJsonValue &item : paths)
            listed += item.toObject().size();
        QCOMPARE(listed, operations);
        // The finish body lists exactly what the router accepts.
        const QJsonObject finish = paths.value(QLatin1StringView("/executed_obs_units/{id}/finish"))
                                       .toObject()
                                       .value(QLatin1StringView("put"))
                                       .toObject();
        const QJsonObject schema = finish.value(QLatin1StringView("requestBody"))
                                       .toObject()
                                       .value(QLatin1StringView("content"))
                                       .toObject()
                                       .value(QLatin1StringView("application/json"))
                                       .toObject()
                                       .value(QLatin1StringView("schema"))
                                       .toObject();
        QVERIFY(schema.value(QLatin1StringView("properties"))
                    .toObject()
                    .contains(QLatin1String("mean_pwv")));
        QCOMPARE(schema.value(QLatin1StringView("additionalProperties")).toBool(true), false);
        // Each field as the router takes it: obs_unit_id is central's integer (in a body and in
        // a path), a package may be created with no files.
        const auto bodyField = [&](const char *path, const char *method, const char *field) {
            return paths.value(QLatin1StringView(path))
                .toObject()
                .value(QLatin1StringView(method))
                .toObject()
                .value(QLatin1StringView("requestBody"))
                .toObject()
                .value(QLatin1StringView("content"))
                .toObject()
                .value(QLatin1StringView("application/json"))
                .toObject()
                .value(QLatin1StringView("schema"))
                .toObject()
                .value(QLatin1StringView("properties"))
                .toObject()
                .value(QLatin1StringView(field))
                .toObject();
        };
        const QJsonObject obsUnit = bodyField("/executed_obs_units/start", "post", "obs_unit_id");
        QCOMPARE(obsUnit.value(QLatin1StringView("type")).toString(), QStringLiteral("integer"));
        QCOMPARE(obsUnit.value(QLatin1StringView("maximum")).toInteger(), 2147483647);
        const QJsonObject pathParameter =
            paths.value(QLatin1StringView("/executed_obs_units/{obs_unit_id}"))
                .toObject()
                .value(QLatin1StringView("get"))
                .toObject()
                .value(QLatin1StringView("parameters"))
                .toArray()
                .first()
                .toObject();
        QCOMPARE(pathParameter.value(QLatin1StringView("schema"))
                     .toObject()
                     .value(QLatin1StringView("type"))
                     .toString(),
                 QStringLiteral("integer"));
        QVERIFY(!bodyField("/raw_data_package", "post", "file_ids")
                     .contains(QLatin1StringView("minItems")));
        QCOMPARE(bodyField("/staging/stage", "post", "raw_data_package_ids")
                     .value(QLatin1StringView("minItems"))
                     .toInt(),
                 1);

        // The readable page needs no token and nothing from elsewhere: it reads this document.
        const auto page = HttpClient(m_base).get(QStringLiteral("/docs"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.raw.contains("fetch(\"/openapi.json\")"));
        QVERIFY(!page.raw.contains("http://") && !page.raw.contains("https://"));
    }

    void writesNeverWaitBehindReads()
    {
        // An observation with many files makes a read that takes a while.
        const QString obs = start(96);
        // (Registered straight through the operations: the test API's body limit is small.)
        Operations operations(m_owner, SiteSettings{QStringLiteral("ccat"), 1000});
        QJsonArray bulk;
        for (int i = 0; i < 30000; ++i)
            bulk.append(fileBody(obs, QStringLiteral("slow/%1.fits").arg(i)));
        QVERIFY(operations.registerFiles(bulk, QStringLiteral("t")).ok());
        QNetworkAccessManager manager;
        QStringList finished;
        int open = 0;
        QEventLoop loop;
        const auto send = [&](const QString &name, const QByteArray &method, const QString &path,
                              const QByteArray &body) {
            QNetworkRequest request(QUrl(m_base + path));
            request.setRawHeader("Authorization", "Bearer " + m_tokens.value("admin").toUtf8());
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
            ++open;
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, name] {
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() / 100 == 2)
                    finished << name;
                reply->deleteLater();
                if (--open == 0)
                    loop.quit();
            });
        };
        for (int i = 0; i < 3; ++i)
            send(QStringLiteral("read"), "GET", QStringLiteral("/executed_obs_units/96"), {});
        QTest::qWait(20); // the reads are on their way first
        send(QStringLiteral("write"), "POST", QStringLiteral("/executed_obs_units/start"),
             R"({"obs_unit_id": 97})");
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(finished.size(), 4);
        QCOMPARE(finished.first(), QStringLiteral("write"));
    }

    void resentCreateIsComparedByValues()
    {
        // The same instant with another offset, and the id in upper case: the same request.
        const QJsonObject body{
            {QStringLiteral("obs_unit_id"), 78},
            {QStringLiteral("id"), QStringLiteral("0b0c0d0e-0000-4000-8000-0000000000aa")},
            {QStringLiteral("start_time"), QStringLiteral("2026-11-28T05:00:00Z")}};
        const auto first = client().post(QStringLiteral("/executed_obs_units/start"), body);
        QCOMPARE(first.status, 201);
        const qint64 after = outbox();
        QJsonObject respelled = body;
        respelled.insert(QStringLiteral("start_time"),
                         QStringLiteral("2026-11-28T02:00:00.000-03:00"));
        respelled.insert(QStringLiteral("id"),
                         QStringLiteral("0B0C0D0E-0000-4000-8000-0000000000AA"));
        const auto again = client().post(QStringLiteral("/executed_obs_units/start"), respelled);
        QVERIFY2(again.status == 201, again.raw.constData());
        QCOMPARE(again.object(), first.object());
        QCOMPARE(outbox(), after);
        // A default spelled out is the same value as the default left out: the console's site,
        // no obs_info.
        QJsonObject defaults = body;
        defaults.insert(QStringLiteral("site"), QStringLiteral("ccat"));
        defaults.insert(QStringLiteral("obs_info"), QJsonObject{});
        const auto spelled = client().post(QStringLiteral("/executed_obs_units/start"), defaults);
        QVERIFY2(spelled.status == 201, spelled.raw.constData());
        QCOMPARE(spelled.object(), first.object());
        QCOMPARE(outbox(), after);
        defaults.insert(QStringLiteral("site"), QStringLiteral("apex"));
        expectRefusal(client().post(QStringLiteral("/executed_obs_units/start"), defaults), 409,
                      QStringLiteral("id"), after);
        // Another instant is other content.
        respelled.insert(QStringLiteral("start_time"), QStringLiteral("2026-11-28T02:00:01-03:00"));
        expectRefusal(client().post(QStringLiteral("/executed_obs_units/start"), respelled), 409,
                      QStringLiteral("id"), after);
    }

    void resentFilesPackagesAndStagingAnswerAsFirst()
    {
        const QString obs = start(79);
        const QString fileId = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000001f1");
        QJsonObject file = fileBody(obs, QStringLiteral("resend/one.fits"));
        file.insert(QStringLiteral("id"), fileId);
        const auto one = client().post(QStringLiteral("/raw_data_files"), file);
        QCOMPARE(one.status, 201);
        QCOMPARE(one.object().value(QLatin1StringView("id")).toString(), fileId);
        expectRepeat(QStringLiteral("/raw_data_files"), file, one);
        // The ids in upper case are the same values.
        QJsonObject upper = file;
        upper.insert(QStringLiteral("id"), fileId.toUpper());
        upper.insert(QStringLiteral("executed_obs_unit_id"), obs.toUpper());
        expectRepeat(QStringLiteral("/raw_data_files"), upper, one);
        QCOMPARE(rows(QStringLiteral("raw_data_file"), fileId), 1);
        qint64 now = outbox();
        QJsonObject other = file;
        other.insert(QStringLiteral("size_bytes"), 101);
        expectRefusal(client().post(QStringLiteral("/raw_data_files"), other), 409, fileId, now);
        other = file;
        other.insert(QStringLiteral("relative_path"), QStringLiteral("resend/other.fits"));
        expectRefusal(client().post(QStringLiteral("/raw_data_files"), other), 409, fileId, now);
        QCOMPARE(stored(QStringLiteral("size_bytes"), QStringLiteral("raw_data_file"), fileId),
                 100);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("relative_path = 'resend/other.fits'")),
                 0);

        // A bulk with its own ids: the same bulk again is the first answer; any file of it
        // changed, or a stored id beside new ones, is 409 naming that id, and nothing is written.
        QJsonArray bulk;
        QStringList bulkIds;
        for (int i = 0; i < 3; ++i) {
            QJsonObject f = fileBody(obs, QStringLiteral("resend/b%1.fits").arg(i));
            bulkIds << QStringLiteral("0b0c0d0e-0000-4000-8000-0000000001b%1").arg(i);
            f.insert(QStringLiteral("id"), bulkIds.last());
            bulk.append(f);
        }
        const auto many = client().post(QStringLiteral("/raw_data_files/bulk"), bulk);
        QCOMPARE(many.status, 201);
        QCOMPARE(many.object().value(QLatin1StringView("ids")).toArray(),
                 QJsonArray::fromStringList(bulkIds));
        expectRepeat(QStringLiteral("/raw_data_files/bulk"), bulk, many);
        for (const QString &id : std::as_const(bulkIds))
            QCOMPARE(rows(QStringLiteral("raw_data_file"), id), 1);
        now = outbox();
        QJsonArray changed = bulk;
        QJsonObject second = changed.at(1).toObject();
        second.insert(QStringLiteral("checksum"), testsupport::sha('b'));
        changed.replace(1, second);
        expectRefusal(client().post(QStringLiteral("/raw_data_files/bulk"), changed), 409,
                      QStringLiteral("[1].id: %1").arg(bulkIds[1]), now);
        QCOMPARE(stored(QStringLiteral("checksum"), QStringLiteral("raw_data_file"), bulkIds[1]),
                 testsupport::sha());
        const QString newId = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000001ee");
        QJsonObject fresh = fileBody(obs, QStringLiteral("resend/fresh.fits"));
        fresh.insert(QStringLiteral("id"), newId);
        expectRefusal(
            client().post(QStringLiteral("/raw_data_files/bulk"), QJsonArray{bulk.at(0), fresh}),
            409, bulkIds[0], now);
        expectRefusal(
            client().post(QStringLiteral("/raw_data_files/bulk"), QJsonArray{fresh, bulk.at(0)}),
            409, QStringLiteral("resend/b0.fits"), now);
        QJsonObject moved = bulk.at(0).toObject();
        moved.insert(QStringLiteral("relative_path"), QStringLiteral("resend/moved.fits"));
        expectRefusal(
            client().post(QStringLiteral("/raw_data_files/bulk"), QJsonArray{fresh, moved}), 409,
            bulkIds[0], now);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("relative_path = 'resend/moved.fits'")),
                 0);
        QCOMPARE(rows(QStringLiteral("raw_data_file"), newId), 0);

        // A package with its own id: answered as first even once it is complete.
        const QString packageId = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000001a1");
        const QJsonObject pkg{{QStringLiteral("id"), packageId},
                              {QStringLiteral("name"), QStringLiteral("pkg-resend")},
                              {QStringLiteral("executed_obs_unit_id"), obs},
                              {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                              {QStringLiteral("file_ids"), QJsonArray{fileId, bulkIds[2]}}};
        const auto created = client().post(QStringLiteral("/raw_data_package"), pkg);
        QCOMPARE(created.status, 201);
        expectRepeat(QStringLiteral("/raw_data_package"), pkg, created);
        // Its files are a set: the same files in another order are the same request.
        QJsonObject reordered = pkg;
        reordered.insert(QStringLiteral("file_ids"), QJsonArray{bulkIds[2], fileId.toUpper()});
        expectRepeat(QStringLiteral("/raw_data_package"), reordered, created);
        QCOMPARE(rows(QStringLiteral("raw_data_package"), packageId), 1);
        QCOMPARE(
            stored(QStringLiteral("raw_data_package_id"), QStringLiteral("raw_data_file"), fileId)
                .toString(),
            packageId);
        now = outbox();
        QJsonObject renamed = pkg;
        renamed.insert(QStringLiteral("name"), QStringLiteral("pkg-resend-2"));
        expectRefusal(client().post(QStringLiteral("/raw_data_package"), renamed), 409, packageId,
                      now);
        QJsonObject fewer = pkg;
        fewer.insert(QStringLiteral("file_ids"), QJsonArray{fileId});
        expectRefusal(client().post(QStringLiteral("/raw_data_package"), fewer), 409, packageId,
                      now);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_package"),
                                           QStringLiteral("name = 'pkg-resend-2'")),
                 0);
        QCOMPARE(
            client()
                .put(QStringLiteral("/raw_data_package/%1/finalize").arg(packageId), QJsonObject{})
                .status,
            200);
        expectRepeat(QStringLiteral("/raw_data_package"), pkg, created);
        QCOMPARE(stored(QStringLiteral("status"), QStringLiteral("raw_data_package"), packageId)
                     .toString(),
                 QStringLiteral("complete"));

        // A staging job with its own id: the repeat is not "a second job to the same destination".
        const QString jobId = QStringLiteral("0b0c0d0e-0000-4000-8000-0000000001c1");
        const QJsonObject stage{
            {QStringLiteral("id"), jobId},
            {QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
            {QStringLiteral("destination"), QStringLiteral("ramses-processing")},
            {QStringLiteral("reason"), QStringLiteral("reduce")}};
        const auto job = client().post(QStringLiteral("/staging/stage"), stage);
        QCOMPARE(job.status, 201);
        expectRepeat(QStringLiteral("/staging/stage"), stage, job);
        QCOMPARE(rows(QStringLiteral("staging_job"), jobId), 1);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("staging_job_package"),
                                           QStringLiteral("staging_job_id = ?"), {jobId}),
                 1);
        now = outbox();
        QJsonObject otherReason = stage;
        otherReason.insert(QStringLiteral("reason"), QStringLiteral("archive"));
        expectRefusal(client().post(QStringLiteral("/staging/stage"), otherReason), 409, jobId,
                      now);
        QCOMPARE(stored(QStringLiteral("reason"), QStringLiteral("staging_job"), jobId).toString(),
                 QStringLiteral("reduce"));
    }

    void literalPathWithWrongMethodIs405()
    {
        const qint64 before = outbox();
        for (const auto &[method, path] :
             {std::pair{"GET", "/executed_obs_units/start"},
              std::pair{"GET", "/raw_data_files/bulk"}, std::pair{"PUT", "/staging/stage"},
              std::pair{"GET", "/staging/stage"}}) {
            const auto result = client().send(method, QString::fromLatin1(path));
            QVERIFY2(result.status == 405,
                     qPrintable(QStringLiteral("%1 %2: %3 %4")
                                    .arg(QString::fromLatin1(method), QString::fromLatin1(path))
                                    .arg(result.status)
                                    .arg(QString::fromUtf8(result.raw))));
            QVERIFY(!result.detail().isEmpty());
            // RFC 9110 §15.5.6: a 405 names the methods the path takes.
            QVERIFY2(!result.header("Allow").isEmpty(), path);
        }
        QCOMPARE(client().send("GET", QStringLiteral("/staging/stage")).header("Allow"),
                 QByteArray("POST"));
        // HEAD is GET without its body, wherever GET is (RFC 9110 §9.3.2). Over a raw socket: the
        // answer is the head alone, and the next request on the connection is answered too.
        const QByteArray answers = rawExchange("HEAD /health HTTP/1.1\r\nHost: t\r\n\r\nGET "
                                               "/health HTTP/1.1\r\nHost: t\r\nConnection: "
                                               "close\r\n\r\n",
                                               3000);
        QVERIFY2(answers.startsWith("HTTP/1.1 200 "), answers.constData());
        const qsizetype second = answers.indexOf("HTTP/1.1 200 ", 1);
        QVERIFY2(second > 0, answers.constData());
        QVERIFY2(answers.left(second).endsWith("\r\n\r\n"), answers.constData()); // no body
        QVERIFY2(answers.mid(second).contains("\"status\""), answers.constData());
        QCOMPARE(outbox(), before);
    }

    /// An encoded slash is part of its segment: it never divides the path into a route.
    void anEncodedSlashDoesNotDivideThePath()
    {
        const QString obs = start(94);
        QCOMPARE(client().get(QStringLiteral("/executed_obs_units/94")).status, 200);
        QCOMPARE(client().get(QStringLiteral("/executed_obs_units%2F94")).status, 404);
        QCOMPARE(client().get(QStringLiteral("/raw_data_files%2F") + obs).status, 404);
    }

    /// A request whose token would be refused is answered on its head, and the connection
    /// closed: its large body is never read, so no client without a token can make the server
    /// hold bodies. With a good token the same head waits for its body as usual. Two
    /// Authorization headers are 400 whatever the first says.
    void refusedOnTheHeadBeforeALargeBodyIsRead()
    {
        const qint64 before = outbox();
        const auto headOnly = [&](const QByteArray &authorization) {
            return rawExchange("POST /raw_data_files/bulk HTTP/1.1\r\nHost: t\r\nContent-Type: "
                               "application/json\r\n" +
                                   authorization + "Content-Length: 200000\r\n\r\n[",
                               1500);
        };
        const QByteArray anonymous = headOnly({});
        QVERIFY2(anonymous.startsWith("HTTP/1.1 401 "), anonymous.constData());
        QVERIFY2(anonymous.contains("Connection: close\r\n"), anonymous.constData());
        QVERIFY2(anonymous.contains("Authorization: missing"), anonymous.constData());
        const QByteArray unknown = headOnly("Authorization: Bearer nonsense\r\n");
        QVERIFY2(unknown.startsWith("HTTP/1.1 401 "), unknown.constData());
        const QByteArray reader = headOnly(
            "Authorization: Bearer " + m_tokens.value(QStringLiteral("reader")).toUtf8() + "\r\n");
        QVERIFY2(reader.startsWith("HTTP/1.1 403 "), reader.constData());
        const QByteArray twice =
            headOnly("Authorization: Bearer " + m_tokens.value(QStringLiteral("admin")).toUtf8() +
                     "\r\nAuthorization: Bearer nonsense\r\n");
        QVERIFY2(twice.startsWith("HTTP/1.1 400 "), twice.constData());
        QVERIFY2(twice.contains("Authorization: sent 2 times"), twice.constData());
        // Accepted on its head: the server waits for the body (nothing answered, still open).
        const QByteArray admin = headOnly(
            "Authorization: Bearer " + m_tokens.value(QStringLiteral("admin")).toUtf8() + "\r\n");
        QVERIFY2(admin.isEmpty(), admin.constData());
        QCOMPARE(outbox(), before);
    }

    void healthIsUnhealthyWhileWritesFail()
    {
        // A real full file system: a small tmpfs holding the buffer, filled up.
        if (::geteuid() != 0)
            QSKIP("needs root to mount a small tmpfs");
        QTemporaryDir mountPoint;
        QVERIFY(QProcess::execute(QStringLiteral("mount"),
                                  {QStringLiteral("-t"), QStringLiteral("tmpfs"),
                                   QStringLiteral("-o"), QStringLiteral("size=4m"),
                                   QStringLiteral("tmpfs"), mountPoint.path()}) == 0);
        const auto unmount = qScopeGuard([&] {
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), mountPoint.path()});
        });
        const OwnApi own = ownApi(mountPoint.filePath(QStringLiteral("buffer.sqlite")));
        QVERIFY(own.api);
        HttpClient http(own.base, own.token);
        QCOMPARE(HttpClient(own.base)
                     .get(QStringLiteral("/health"))
                     .object()
                     .value(QLatin1StringView("status"))
                     .toString(),
                 QStringLiteral("healthy"));

        QFile filler(mountPoint.filePath(QStringLiteral("filler")));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray block(64 * 1024, 'x');
        while (filler.write(block) == block.size() && filler.flush()) {
        }
        filler.close();
        // Writes fail once the space the WAL already holds is used up as well.
        testsupport::HttpResult refused;
        for (int i = 0; i < 20000 && refused.status != 503; ++i)
            refused = http.post(QStringLiteral("/executed_obs_units/start"),
                                QJsonObject{{QStringLiteral("obs_unit_id"), 5}});
        QCOMPARE(refused.status, 503);
        const QJsonObject health = HttpClient(own.base).get(QStringLiteral("/health")).object();
        QCOMPARE(health.value(QLatin1StringView("status")).toString(), QStringLiteral("unhealthy"));
        QVERIFY2(!health.value(QLatin1StringView("reason")).toString().isEmpty(),
                 QJsonDocument(health).toJson().constData());

        // Space again: health says so without waiting for a writer to find out.
        QVERIFY(QFile::remove(filler.fileName()));
        QCOMPARE(HttpClient(own.base)
                     .get(QStringLiteral("/health"))
                     .object()
                     .value(QLatin1StringView("status"))
                     .toString(),
                 QStringLiteral("healthy"));
        QCOMPARE(http.post(QStringLiteral("/executed_obs_units/start"),
                           QJsonObject{{QStringLiteral("obs_unit_id"), 5}})
                     .status,
                 201);
    }

    /// A group's COMMIT does not wait for the disk; its answers do: the WAL's sync runs on
    /// another thread, and nothing is acknowledged before it has returned.
    void answersWaitForTheWalSync()
    {
        QElapsedTimer clock;
        clock.start();
        std::atomic<qint64> syncReturnedMs{-1};
        std::atomic<bool> syncedTheWal{true};
        WalSync::setSyncFunctionForTests([&](int fd) {
            struct stat held
            {
            }, wal{};
            if (::fstat(fd, &held) != 0 ||
                ::stat(QFile::encodeName(m_path + QStringLiteral("-wal")).constData(), &wal) != 0 ||
                held.st_ino != wal.st_ino)
                syncedTheWal = false;
            QThread::msleep(300);
            const int rc = ::fdatasync(fd);
            syncReturnedMs = clock.elapsed();
            return rc;
        });
        const auto restore = qScopeGuard([] { WalSync::setSyncFunctionForTests({}); });
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const auto created = client().post(
            QStringLiteral("/executed_obs_units/start"),
            QJsonObject{{QStringLiteral("obs_unit_id"), 77}, {QStringLiteral("id"), id}});
        const qint64 answeredMs = clock.elapsed();
        QCOMPARE(created.status, 201);
        QVERIFY2(syncReturnedMs >= 0, "no sync was made for the group");
        QVERIFY(syncedTheWal);
        QVERIFY2(answeredMs >= syncReturnedMs,
                 qPrintable(QStringLiteral("answered at %1 ms, the sync returned at %2 ms")
                                .arg(answeredMs)
                                .arg(syncReturnedMs.load())));
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("executed_obs_unit"),
                                           QStringLiteral("id = ?"), {id}),
                 1);
    }

    /// The sync engine and the desk's views wake on BufferEvents::transactionsChanged. A REST
    /// write is announced once its group's COMMIT has made it visible to other connections:
    /// an announcement before that would wake them to find nothing, and none would leave them
    /// to their next poll.
    void writesAreAnnouncedOnceVisible()
    {
        const qint64 before = BufferProbe(m_path).count(QStringLiteral("executed_obs_unit"),
                                                        QStringLiteral("obs_unit_id = 7801"));
        // Shared with the slot, which runs on the writing thread and may outlive this function.
        struct Seen
        {
            QMutex mutex;
            QList<qint64> rows;
        };
        const auto seen = std::make_shared<Seen>();
        const auto connection = connect(
            BufferEvents::instance(), &BufferEvents::transactionsChanged, this,
            [seen, path = QFile::encodeName(m_path)] {
                // What another connection sees at this moment.
                sqlite3 *db = nullptr;
                qint64 rows = -1;
                if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READONLY, nullptr) ==
                    SQLITE_OK) {
                    sqlite3_stmt *count = nullptr;
                    sqlite3_prepare_v2(
                        db, "SELECT count(*) FROM executed_obs_unit WHERE obs_unit_id = 7801", -1,
                        &count, nullptr);
                    if (sqlite3_step(count) == SQLITE_ROW)
                        rows = sqlite3_column_int64(count, 0);
                    sqlite3_finalize(count);
                }
                sqlite3_close(db);
                const QMutexLocker lock(&seen->mutex);
                seen->rows << rows;
            },
            Qt::DirectConnection);
        const auto disconnect = qScopeGuard([connection] { QObject::disconnect(connection); });
        QCOMPARE(client()
                     .post(QStringLiteral("/executed_obs_units/start"),
                           QJsonObject{{QStringLiteral("obs_unit_id"), 7801}})
                     .status,
                 201);
        const auto announced = [&] {
            const QMutexLocker lock(&seen->mutex);
            return !seen->rows.isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(announced(), 5000);
        const QMutexLocker lock(&seen->mutex);
        for (const qint64 rows : std::as_const(seen->rows))
            QVERIFY2(rows == before + 1,
                     qPrintable(QStringLiteral("an announcement saw %1 rows, %2 before the write")
                                    .arg(rows)
                                    .arg(before)));
    }

    /// A group is visible to other connections before its sync has returned; a read that shows
    /// it goes out only after that, as the group's own answers do. (The group is committed here,
    /// on this process's own connection to the buffer, so that its sync is surely in flight.)
    void readsWaitForTheSyncOfWhatTheyShow()
    {
        QElapsedTimer clock;
        clock.start();
        std::atomic<qint64> syncReturnedMs{-1};
        WalSync::setSyncFunctionForTests([&](int fd) {
            QThread::msleep(500);
            const int rc = ::fdatasync(fd);
            if (syncReturnedMs < 0)
                syncReturnedMs = clock.elapsed();
            return rc;
        });
        const auto restore = qScopeGuard([] { WalSync::setSyncFunctionForTests({}); });
        Operations operations(m_owner, SiteSettings{QStringLiteral("ccat"), 1000});
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        std::atomic<bool> durable{false};
        QVERIFY(testsupport::startInGroup(m_owner, operations, 79, id,
                                          [&](const Status &synced) { durable = synced.ok(); }));
        QVERIFY2(syncReturnedMs < 0, "the sync returned before the group could be read");
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(m_base + QStringLiteral("/executed_obs_units/79")));
        request.setRawHeader("Authorization", "Bearer " + m_tokens.value("admin").toUtf8());
        QNetworkReply *read = manager.get(request);
        qint64 readAtMs = -1;
        connect(read, &QNetworkReply::finished, this, [&] { readAtMs = clock.elapsed(); });
        QTRY_VERIFY_WITH_TIMEOUT(readAtMs >= 0 && durable, 10000);
        QCOMPARE(read->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(read->readAll().contains(id.toLatin1()));
        QVERIFY2(readAtMs >= syncReturnedMs,
                 qPrintable(QStringLiteral("read at %1 ms, the sync returned at %2 ms")
                                .arg(readAtMs)
                                .arg(syncReturnedMs.load())));
        delete read;
    }

    /// A sync that fails acknowledges nothing of its group, and the buffer says it cannot be
    /// written until the console is restarted (after a failed fdatasync the kernel may have
    /// dropped the pages: what follows cannot be trusted to the disk either).
    void failedWalSyncAcknowledgesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("buffer.sqlite"));
        const OwnApi own = ownApi(path);
        QVERIFY(own.api);
        HttpClient http(own.base, own.token);
        QCOMPARE(http.post(QStringLiteral("/executed_obs_units/start"),
                           QJsonObject{{QStringLiteral("obs_unit_id"), 5}})
                     .status,
                 201);

        WalSync::setSyncFunctionForTests([](int) {
            errno = EIO;
            return -1;
        });
        const auto restore = qScopeGuard([] { WalSync::setSyncFunctionForTests({}); });
        const auto refused = http.post(QStringLiteral("/executed_obs_units/start"),
                                       QJsonObject{{QStringLiteral("obs_unit_id"), 6}});
        QCOMPARE(refused.status, 503);
        QVERIFY2(refused.detail().contains(QLatin1StringView("sync of ")) &&
                     refused.detail().contains(QLatin1StringView("Input/output error")),
                 qPrintable(refused.detail()));
        WalSync::setSyncFunctionForTests({}); // the disk is fine again: the failure stays
        const QString before = BufferProbe(path).rowsText(QStringLiteral("executed_obs_unit"));
        const auto after = http.post(QStringLiteral("/executed_obs_units/start"),
                                     QJsonObject{{QStringLiteral("obs_unit_id"), 7}});
        QCOMPARE(after.status, 503);
        QVERIFY2(after.detail().contains(QLatin1StringView("Input/output error")),
                 qPrintable(after.detail()));
        // Refused before anything was written.
        QCOMPARE(BufferProbe(path).rowsText(QStringLiteral("executed_obs_unit")), before);
        const QJsonObject health = HttpClient(own.base).get(QStringLiteral("/health")).object();
        QCOMPARE(health.value(QLatin1StringView("status")).toString(), QStringLiteral("unhealthy"));
    }

    void filesSingleBulkAndGet()
    {
        const QString obs = start(8);
        const auto one = client(QStringLiteral("files"))
                             .post(QStringLiteral("/raw_data_files"),
                                   fileBody(obs, QStringLiteral("raw/a.fits")));
        QCOMPARE(one.status, 201);
        const QString fileId = one.object().value(QLatin1StringView("id")).toString();
        const auto got =
            client(QStringLiteral("reader")).get(QStringLiteral("/raw_data_files/%1").arg(fileId));
        QCOMPARE(got.status, 200);
        QCOMPARE(got.object().value(QLatin1StringView("relative_path")).toString(),
                 QStringLiteral("raw/a.fits"));
        QCOMPARE(got.object().value(QLatin1StringView("file_type")).toString(),
                 QStringLiteral("fits"));
        QCOMPARE(got.object().value(QLatin1StringView("checksum_algorithm")).toString(),
                 QStringLiteral("sha256"));
        QCOMPARE(got.object().value(QLatin1StringView("sync_state")).toString(),
                 QStringLiteral("buffered"));

        QJsonArray bulk;
        for (int i = 0; i < 300; ++i)
            bulk.append(fileBody(obs, QStringLiteral("raw/b%1.hdf5").arg(i)));
        const auto many =
            client(QStringLiteral("files")).post(QStringLiteral("/raw_data_files/bulk"), bulk);
        QCOMPARE(many.status, 201);
        QCOMPARE(many.object().value(QLatin1StringView("count")).toInt(), 300);
        QCOMPARE(many.object().value(QLatin1StringView("ids")).toArray().size(), 300);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("executed_obs_unit_id = ?"), {obs}),
                 301);

        const qint64 before = outbox();
        expectRefusal(client().post(QStringLiteral("/raw_data_files"),
                                    fileBody(obs, QStringLiteral("raw/a.fits"))),
                      409, QStringLiteral("raw/a.fits"), before);
        expectRefusal(client().post(QStringLiteral("/raw_data_files"),
                                    fileBody(obs, QStringLiteral("../escape.fits"))),
                      422, QStringLiteral("relative_path"), before);
        QJsonArray badBulk{fileBody(obs, QStringLiteral("raw/c1.fits")),
                           fileBody(obs, QStringLiteral("/abs.fits"))};
        expectRefusal(client().post(QStringLiteral("/raw_data_files/bulk"), badBulk), 422,
                      QStringLiteral("[1].relative_path"), before);
        expectRefusal(client().post(QStringLiteral("/raw_data_files/bulk"), QJsonArray{}), 422,
                      QStringLiteral("body"), before);
        expectRefusal(client().post(QStringLiteral("/raw_data_files/bulk"),
                                    fileBody(obs, QStringLiteral("x"))),
                      422, QStringLiteral("body"), before);
        expectRefusal(
            client().get(QStringLiteral("/raw_data_files/6f9619ff-8b86-4d01-b42d-00cf4fc964ff")),
            404, QStringLiteral("6f9619ff"), before);
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("raw_data_file"),
                                           QStringLiteral("relative_path = 'raw/c1.fits'")),
                 0);
    }

    void packagesAndStaging()
    {
        const QString obs = start(9);
        QJsonArray bulk{fileBody(obs, QStringLiteral("p/1.fits"), 600),
                        fileBody(obs, QStringLiteral("p/2.fits"), 600)};
        const QJsonArray ids = client()
                                   .post(QStringLiteral("/raw_data_files/bulk"), bulk)
                                   .object()
                                   .value(QLatin1StringView("ids"))
                                   .toArray();
        const qint64 before = outbox();
        QJsonObject pkg{{QStringLiteral("name"), QStringLiteral("pkg-http")},
                        {QStringLiteral("executed_obs_unit_id"), obs},
                        {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                        {QStringLiteral("file_ids"), ids}};
        expectRefusal(client().post(QStringLiteral("/raw_data_package"), pkg), 422,
                      QStringLiteral("limit"), before);
        pkg.insert(QStringLiteral("file_ids"), QJsonArray{ids.first()});
        const auto created = client().post(QStringLiteral("/raw_data_package"), pkg);
        QCOMPARE(created.status, 201);
        const QString packageId = created.object().value(QLatin1StringView("id")).toString();
        const auto got = client().get(QStringLiteral("/raw_data_package/%1").arg(packageId));
        QCOMPARE(got.status, 200);
        QCOMPARE(got.object().value(QLatin1StringView("status")).toString(),
                 QStringLiteral("building"));
        QCOMPARE(got.object().value(QLatin1StringView("files")).toArray().size(), 1);
        QCOMPARE(got.object().value(QLatin1StringView("total_size_bytes")).toInteger(), 600);

        const QJsonObject stage{
            {QStringLiteral("raw_data_package_ids"), QJsonArray{packageId}},
            {QStringLiteral("destination"), QStringLiteral("ramses-processing")}};
        qint64 now = outbox();
        expectRefusal(client().post(QStringLiteral("/staging/stage"), stage), 409,
                      QStringLiteral("building"), now);
        QCOMPARE(
            client()
                .put(QStringLiteral("/raw_data_package/%1/finalize").arg(packageId), QJsonObject{})
                .status,
            200);
        QCOMPARE(BufferProbe(m_path)
                     .scalar(QStringLiteral("SELECT status FROM raw_data_package WHERE id = ?"),
                             {packageId})
                     .toString(),
                 QStringLiteral("complete"));
        now = outbox();
        expectRefusal(client().put(QStringLiteral("/raw_data_package/%1/finalize").arg(packageId),
                                   QJsonObject{}),
                      409, QStringLiteral("complete"), now);
        expectRefusal(
            client().get(QStringLiteral("/raw_data_package/6f9619ff-8b86-4d01-b42d-00cf4fc964ff")),
            404, QString(), now);

        const auto job = client().post(QStringLiteral("/staging/stage"), stage);
        QCOMPARE(job.status, 201);
        const QString jobId = job.object().value(QLatin1StringView("id")).toString();
        const auto status =
            client(QStringLiteral("reader")).get(QStringLiteral("/staging/status/%1").arg(jobId));
        QCOMPARE(status.status, 200);
        QCOMPARE(status.object().value(QLatin1StringView("status")).toString(),
                 QStringLiteral("pending"));
        QCOMPARE(status.object().value(QLatin1StringView("requested_by")).toString(),
                 QStringLiteral("admin"));
        QCOMPARE(status.object().value(QLatin1StringView("raw_data_package_ids")).toArray(),
                 QJsonArray{packageId});
        // A second request to the same destination while the first is active: 409 naming it.
        now = outbox();
        expectRefusal(client().post(QStringLiteral("/staging/stage"), stage), 409, jobId, now);

        const auto cancelled =
            client().del(QStringLiteral("/staging/%1").arg(jobId),
                         QJsonObject{{QStringLiteral("reason"), QStringLiteral("not needed")}});
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(cancelled.object().value(QLatin1StringView("status")).toString(),
                 QStringLiteral("cancelled"));
        QCOMPARE(BufferProbe(m_path)
                     .scalar(QStringLiteral("SELECT cancel_reason FROM staging_job WHERE id = ?"),
                             {jobId})
                     .toString(),
                 QStringLiteral("not needed"));
        QCOMPARE(BufferProbe(m_path).count(QStringLiteral("operator_action"),
                                           QStringLiteral("target_id = ?"), {jobId}),
                 1);
        // Once cancelled, the package may be staged there again.
        QCOMPARE(client().post(QStringLiteral("/staging/stage"), stage).status, 201);
        now = outbox();
        expectRefusal(client().del(QStringLiteral("/staging/%1").arg(jobId)), 409,
                      QStringLiteral("cancelled"), now);
        expectRefusal(client().del(QStringLiteral("/staging/6f9619ff-8b86-4d01-b42d-00cf4fc964ff")),
                      404, QString(), now);
    }

    void nightLogUsesSiteTimeZone()
    {
        // The test clock stands at 02:00 Chile summer time on 2026-11-28: the night of the 27th.
        const QString inNight = start(
            500, {{QStringLiteral("start_time"), QStringLiteral("2026-11-27T22:00:00-03:00")}});
        const QString nextNight = start(
            500, {{QStringLiteral("start_time"), QStringLiteral("2026-11-28T12:00:00-03:00")}});
        const QString before = start(
            500, {{QStringLiteral("start_time"), QStringLiteral("2026-11-27T11:59:59-03:00")}});
        const auto night = client(QStringLiteral("reader"))
                               .get(QStringLiteral("/executed_obs_units?night=2026-11-27"));
        QCOMPARE(night.status, 200);
        QStringList ids;
        for (const QJsonValue &row : night.array())
            ids << row.toObject().value(QLatin1StringView("id")).toString();
        QVERIFY(ids.contains(inNight));
        QVERIFY(!ids.contains(nextNight));
        QVERIFY(!ids.contains(before));
        QVERIFY(night.array().first().toObject().contains(QLatin1StringView("file_count")));
        const auto current =
            client(QStringLiteral("reader")).get(QStringLiteral("/executed_obs_units"));
        QCOMPARE(current.array(), night.array());
        // The status filter: the one finished observation, and only completed ones (the loop
        // cannot pass empty: it must find the finished one).
        QCOMPARE(
            client()
                .put(QStringLiteral("/executed_obs_units/%1/finish").arg(inNight), QJsonObject{})
                .status,
            200);
        const auto completed =
            client(QStringLiteral("reader"))
                .get(QStringLiteral("/executed_obs_units?night=2026-11-27&status=completed"));
        QCOMPARE(completed.status, 200);
        QStringList completedIds;
        for (const QJsonValue &row : completed.array()) {
            QCOMPARE(row.toObject().value(QLatin1StringView("status")).toString(),
                     QStringLiteral("completed"));
            completedIds << row.toObject().value(QLatin1StringView("id")).toString();
        }
        QVERIFY(completedIds.contains(inNight));
        const auto running =
            client(QStringLiteral("reader"))
                .get(QStringLiteral("/executed_obs_units?night=2026-11-27&status=running"));
        for (const QJsonValue &row : running.array())
            QVERIFY(row.toObject().value(QLatin1StringView("id")).toString() != inNight);
        QCOMPARE(client().get(QStringLiteral("/executed_obs_units?night=27.11.2026")).status, 422);
        QCOMPARE(
            client().get(QStringLiteral("/executed_obs_units?night=2026-11-27&status=done")).status,
            422);
    }

    void simulatedAutomationIsAcceptedWhole()
    {
        // opsconsole simulate, in process: a few observations' lives through every write route.
        const qint64 jobsBefore = BufferProbe(m_path).count(QStringLiteral("staging_job"));
        AutomationSimulator simulator({m_base, m_tokens.value(QStringLiteral("admin")), 60, 3, 5,
                                       QStringLiteral("chai-lfa"), 1});
        QSignalSpy finished(&simulator, &AutomationSimulator::finished);
        simulator.start();
        QVERIFY(finished.wait(20000));
        QVERIFY2(simulator.counts().refused == 0, qPrintable(simulator.counts().lastRefusal));
        QVERIFY(simulator.counts().accepted >= 20);
        BufferProbe probe(m_path);
        QVERIFY(probe.count(QStringLiteral("raw_data_file"),
                            QStringLiteral("relative_path LIKE 'sim/%'")) >=
                simulator.counts().files);
        QVERIFY(probe.count(QStringLiteral("raw_data_package"),
                            QStringLiteral("name LIKE 'sim-%' AND status = 'complete'")) >= 1);
        QVERIFY(probe.count(QStringLiteral("staging_job")) > jobsBefore);
    }

    void syncTransactionsListing()
    {
        const auto pending = client(QStringLiteral("reader"))
                                 .get(QStringLiteral("/sync/transactions?state=pending&limit=5"));
        QCOMPARE(pending.status, 200);
        QCOMPARE(pending.array().size(), 5);
        const QJsonObject first = pending.array().first().toObject();
        for (const char *key : {"id", "kind", "summary", "state", "created_at", "attempts",
                                "next_attempt_at", "last_error", "record_ids"})
            QVERIFY2(first.contains(QLatin1StringView(key)), key);
        QCOMPARE(client().get(QStringLiteral("/sync/transactions?state=failed")).array().size(), 0);
        QCOMPARE(client().get(QStringLiteral("/sync/transactions?state=bogus")).status, 422);
        const qint64 before = outbox();
        const QString tx = first.value(QLatin1StringView("id")).toString();
        expectRefusal(client(QStringLiteral("reader"))
                          .send("POST", QStringLiteral("/sync/transactions/%1/retry").arg(tx)),
                      403, QStringLiteral("admin"), before);
        expectRefusal(client().send("POST", QStringLiteral("/sync/transactions/%1/retry").arg(tx)),
                      409, QStringLiteral("pending"), before);
        expectRefusal(client().del(QStringLiteral("/sync/transactions/%1").arg(tx),
                                   QJsonObject{{QStringLiteral("reason"), QStringLiteral("x")}}),
                      409, QStringLiteral("pending"), before);
        expectRefusal(
            client().send(
                "POST",
                QStringLiteral("/sync/transactions/6f9619ff-8b86-4d01-b42d-00cf4fc964ff/retry")),
            404, QString(), before);
    }
};

QTEST_GUILESS_MAIN(TestHttpRoutes)
#include "tst_httproutes.moc"
