#include "httpapi.h"

#include "memory.h"

#include "apidocs.h"
#include "bufferevents.h"
#include "faultpoints.h"
#include "health.h"
#include "jsonfields.h"
#include "jsonwriter.h"
#include "logging.h"
#include "mergedreader.h"
#include "observation.h"
#include "openapi.h"
#include "outbox.h"
#include "routes.h"
#include "schema.h"
#include "strictjson.h"
#include "timestamps.h"
#include "tokenstore.h"
#include "uuids.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>
#include <QTcpSocket>
#include <QUrlQuery>

#include <map>

namespace ops {

namespace {

using Reply = HttpApi::Reply;

using routes::Id;
using routes::Method;
using routes::Route;

Reply detail(int status, const QString &message)
{
    return {status, QJsonObject{{QStringLiteral("detail"), message}}};
}

Reply fromError(const Error &error)
{
    static const QHash<ErrorKind, int> codes{
        {ErrorKind::BadRequest, 400}, {ErrorKind::Unauthorized, 401}, {ErrorKind::Forbidden, 403},
        {ErrorKind::NotFound, 404},   {ErrorKind::Conflict, 409},     {ErrorKind::TooLarge, 413},
        {ErrorKind::Invalid, 422},    {ErrorKind::Unavailable, 503}};
    return detail(codes.value(error.kind, 500), error.message);
}

Reply acknowledged(int status, const Result<Ack> &ack,
                   const QString &state = QStringLiteral("buffered"))
{
    if (!ack)
        return fromError(ack.error());
    // Written as text, keys in the order QJsonDocument would give them: a 100,000-file bulk's
    // ids as a QJsonArray took ~10 MB more, and every acknowledgment a document's allocations.
    using namespace jsonwriter;
    QByteArray json;
    json.reserve(96 + ack->ids.size() * 39);
    json.append('{');
    const bool listed = !ack->ids.isEmpty() || ack->id.isEmpty();
    if (listed)
        json.append("\"count\":").append(QByteArray::number(ack->ids.size())).append(',');
    if (!ack->id.isEmpty()) {
        json.append("\"id\":");
        appendString(json, ack->id);
        json.append(',');
    }
    if (listed) {
        // Canonical ids: nothing in them to escape.
        json.append("\"ids\":[");
        for (qsizetype i = 0; i < ack->ids.size(); ++i)
            json.append(i ? ",\"" : "\"").append(ack->ids.textAt(i)).append('"');
        json.append("],");
    }
    json.append("\"status\":");
    appendString(json, state);
    json.append(",\"transaction_id\":");
    if (ack->transactionId.isEmpty())
        json.append("null");
    else
        appendString(json, ack->transactionId);
    json.append('}');
    return {status, QJsonValue(), json};
}

/// Reads limit and offset; limit default and maximum per route.
std::optional<Error> paging(const QUrlQuery &query, int defaultLimit, int maxLimit, int &limit,
                            int &offset)
{
    limit = defaultLimit;
    offset = 0;
    for (const auto &[name, target, low, high] :
         {std::tuple{QStringLiteral("limit"), &limit, 1, maxLimit},
          std::tuple{QStringLiteral("offset"), &offset, 0, INT_MAX}}) {
        if (!query.hasQueryItem(name))
            continue;
        const QString text = query.queryItemValue(name);
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        if (!ok || n < low || n > high)
            return invalid(QStringLiteral("%1: must be a whole number from %2 to %3, got \"%4\"")
                               .arg(name)
                               .arg(low)
                               .arg(high)
                               .arg(text));
        *target = static_cast<int>(n);
    }
    return std::nullopt;
}

/// The first key of `body` (an object, or each object of a list) that `allowed` does not name,
/// as a refusal message; empty when there is none.
QString unknownField(const QJsonValue &body, const QStringList &allowed)
{
    if (body.isObject())
        return JsonFields::unknownField(body.toObject(), allowed);
    return {};
}

std::optional<QString> pathId(const QString &segment, const char *what, Reply &reply)
{
    const QString id = uuids::normalized(segment);
    if (id.isEmpty()) {
        reply = detail(422, QStringLiteral("%1: must be a UUID, got \"%2\"")
                                .arg(QString::fromLatin1(what), segment));
        return std::nullopt;
    }
    return id;
}

} // namespace

HttpApi::HttpApi(ApiSettings settings, std::shared_ptr<SyncStatus> syncStatus, const Clock &clock,
                 QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_syncStatus(std::move(syncStatus)),
      m_clock(clock)
{}

HttpApi::~HttpApi()
{
    // Readers answer through this object: none may outlive it. Nor may a group's answer, which
    // the WAL's sync thread posts to it.
    m_readers.waitForDone();
    (void)m_buffer.waitDurable();
}

namespace {
/// Record reads that may take long (a 100,000-file observation). They run on reader threads with
/// connections of their own, so an acknowledgment never waits behind one (issue 9.16).
bool isSlowRead(Id id)
{
    switch (id) {
    case Id::ObsByUnit:
    case Id::NightLog:
    case Id::FileGet:
    case Id::PackageGet:
    case Id::StagingStatus:
    case Id::SyncList:
        return true;
    default:
        return false;
    }
}

/// This reader thread's connection to `path` (Qt 6.4 cannot move a connection between threads).
Buffer *readerBuffer(const QString &path)
{
    thread_local std::map<QString, std::unique_ptr<Buffer>> buffers;
    auto &buffer = buffers[path];
    if (!buffer) {
        buffer = std::make_unique<Buffer>();
        if (auto opened = buffer->open(path); !opened) {
            buffer.reset();
            return nullptr;
        }
    }
    return buffer.get();
}
} // namespace

Result<quint16> HttpApi::start(const QHostAddress &address, quint16 port)
{
    if (auto opened = m_buffer.open(m_settings.bufferPath); !opened)
        return opened.error();
    m_operations = std::make_unique<Operations>(m_buffer, m_settings.site, m_clock);
    HttpLimits limits;
    limits.maxBodyBytes = m_settings.maxBodyBytes;
    m_server = std::make_unique<HttpServer>(
        [this](const HttpRequest &request, const HttpServer::Responder &respond) {
            serve(request, respond);
        },
        limits);
    m_server->setHeadCheck([this](const HttpRequest &head) { return refuseOnHead(head); });
    m_readers.setMaxThreadCount(2);
    if (!m_settings.tlsCertificate.isNull())
        m_server->setTls(m_settings.tlsCertificate, m_settings.tlsKey);
    auto bound = m_server->listen(address, port);
    if (!bound)
        return unavailable(
            QStringLiteral("--listen: cannot listen on %1:%2 (in use or not allowed)")
                .arg(address.toString())
                .arg(port));
    qCInfo(lcHttp).noquote() << "serving REST on"
                             << address.toString() + QLatin1Char(':') +
                                    QString::number(bound.value())
                             << (m_settings.tlsCertificate.isNull() ? "(plain HTTP)" : "(TLS)");
    return bound.value();
}

void HttpApi::serve(const HttpRequest &request, const HttpServer::Responder &respond)
{
    QElapsedTimer timer;
    timer.start();
    auto params = std::make_shared<QStringList>();
    auto allowed = std::make_shared<QStringList>();
    const Route *route = findRoute(request, *params, *allowed);
    if (route && isSlowRead(route->id)) {
        m_readers.start([this, request = HttpRequest(request), route, params, allowed, respond,
                         timer]() mutable {
            Buffer *buffer = readerBuffer(m_settings.bufferPath);
            const Reply reply =
                buffer ? dispatch(request, route, *params, *allowed, *buffer)
                       : detail(503, QStringLiteral("the local buffer cannot be read"));
            // What it read may include a group whose sync is still running: it goes out once
            // that is on disk, as the group's own answers do.
            if (buffer)
                (void)buffer->waitDurable();
            HttpResponse response = toResponse(request, route, reply, timer);
            QMetaObject::invokeMethod(
                this, [respond, response] { respond(response); }, Qt::QueuedConnection);
        });
        return;
    }
    if (route && route->method != Method::Get) {
        // Writes wait for the group commit that the event loop runs once it has read every
        // request that has arrived: concurrent writers share one fsync. While the last group's
        // sync runs they gather, and are committed together as soon as it returns.
        m_pendingWrites.append({request, route, *params, *allowed, respond, timer});
        if (!m_commitPosted && groupIsReady()) {
            m_commitPosted = true;
            QMetaObject::invokeMethod(this, &HttpApi::commitPendingWrites, Qt::QueuedConnection);
        }
        return;
    }
    // Only service routes are answered here (health, metrics, documents): every record read is
    // a slow read above, which waits for the sync of what it read.
    HttpRequest read = request;
    respond(toResponse(request, route, dispatch(read, route, *params, *allowed, m_buffer), timer));
}

void HttpApi::commitPendingWrites()
{
    struct Group
    {
        QList<PendingWrite> writes;
        QList<Reply> replies;
        qint64 bodyBytes = 0;
    };
    m_commitPosted = false;
    // Already committed when the group before it synced, or to wait for a sync to return.
    if (m_pendingWrites.isEmpty() || !groupIsReady())
        return;
    auto group = std::make_shared<Group>();
    group->writes.swap(m_pendingWrites);
    // A lone write with no group syncing has nothing to overlap its sync with: it syncs on this
    // thread, and its answer does not wait for another thread to be scheduled.
    const bool syncHere = group->writes.size() == 1 && m_syncingGroupSizes.isEmpty();
    m_syncingGroupSizes.append(group->writes.size());
    group->replies.reserve(group->writes.size());
    m_buffer.group(
        [&] {
            for (PendingWrite &w : group->writes) {
                group->bodyBytes += w.request.body.size();
                group->replies.append(dispatch(w.request, w.route, w.params, w.allowed, m_buffer));
            }
        },
        [this, group](Status durable) {
            // On the WAL's sync thread: the answers go out from this object's own thread.
            QMetaObject::invokeMethod(
                this,
                [this, group, durable] {
                    // The writes that gathered meanwhile are committed first: their sync then
                    // runs while these answers are written.
                    m_syncingGroupSizes.removeFirst();
                    commitPendingWrites();
                    answer(group->writes, group->replies, group->bodyBytes, durable);
                },
                Qt::QueuedConnection);
        },
        syncHere);
    // The operations inside the group left their announcements to this point, where the shared
    // COMMIT has made their changes visible to other connections (the sync engine waits for
    // their sync before sending them anywhere).
    Q_EMIT BufferEvents::instance()->transactionsChanged();
    for (const schema::Table &table : schema::tables())
        Q_EMIT BufferEvents::instance()->recordsChanged(QString(table.name));
}

bool HttpApi::groupIsReady() const
{
    // Two groups at most are between their COMMIT and their answers: one syncing while the
    // next one is prepared. The next one is committed once it is as large as the one syncing,
    // or once that has synced: so groups stay large, and the disk's flush of one overlaps the
    // work of the next.
    if (m_syncingGroupSizes.isEmpty())
        return true;
    return m_syncingGroupSizes.size() == 1 && m_pendingWrites.size() >= m_syncingGroupSizes.first();
}

void HttpApi::answer(QList<PendingWrite> &writes, const QList<Reply> &replies, qint64 bodyBytes,
                     const Status &durable)
{
    for (qsizetype i = 0; i < writes.size(); ++i) {
        // A group refused before it ran has no replies of its own.
        Reply reply = i < replies.size() ? replies[i] : fromError(durable.error());
        // Nothing is acknowledged that did not reach the disk.
        if (!durable && reply.status >= 200 && reply.status < 300)
            reply = fromError(durable.error());
        writes[i].respond(toResponse(writes[i].request, writes[i].route, reply, writes[i].timer));
    }
    writes.clear();
    memory::releaseAfterBurst(bodyBytes * 8); // parsed, a body takes several times its size
}

HttpResponse HttpApi::toResponse(const HttpRequest &request, const Route *route, const Reply &reply,
                                 const QElapsedTimer &timer)
{
    HttpResponse response;
    response.status = reply.status;
    if (!reply.json.isNull()) {
        response.body = reply.json;
        if (!reply.contentType.isEmpty())
            response.contentType = reply.contentType;
    } else {
        response.body = reply.body.isArray()
                            ? QJsonDocument(reply.body.toArray()).toJson(QJsonDocument::Compact)
                            : QJsonDocument(reply.body.toObject()).toJson(QJsonDocument::Compact);
    }
    if (reply.status == 401)
        response.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                                 QByteArrayLiteral("Bearer realm=\"opsconsole\"")});
    if (!reply.allow.isEmpty()) // RFC 9110 §15.5.6: a 405 names what the path takes
        response.headers.append({QByteArrayLiteral("Allow"), reply.allow});
    m_metrics.countRequest(QString::fromLatin1(request.method),
                           route ? route->path : QStringLiteral("(unknown)"), reply.status);
    if (route && route->method != Method::Get && reply.status >= 200 && reply.status < 300)
        m_metrics.observeAcknowledgment(timer.nsecsElapsed() / 1e9);
    qCDebug(lcHttp).noquote() << QString::fromLatin1(request.method) << request.url.path()
                              << reply.status;
    return response;
}

QByteArray HttpApi::metricsText()
{
    Metrics::Gauges gauges;
    gauges.counts = MergedReader(m_buffer.database()).counts();
    gauges.sync = m_syncStatus->snapshot();
    gauges.nowMicros = m_clock.nowMicros();
    gauges.site = m_settings.site.site;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")})
        gauges.bufferBytes += QFileInfo(m_settings.bufferPath + suffix).size();
    return m_metrics.render(gauges);
}

const Route *HttpApi::findRoute(const HttpRequest &request, QStringList &params,
                                QStringList &allowed)
{
    // Split before decoding: an encoded slash (%2F) belongs to its segment, it does not divide
    // the path ("/raw_data_files%2F<id>" is no route).
    QStringList segments;
    for (const QString &encoded :
         request.url.path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts))
        segments << QUrl::fromPercentEncoding(encoded.toLatin1());
    // HEAD is GET without the body (RFC 9110 §9.3.2): the transport leaves the body out.
    const Method method = request.method == "HEAD" ? Method::Get : routes::methodOf(request.method);
    // The most literal pattern that fits the path decides what the path is: "GET
    // /executed_obs_units/start" names the start route (405), not an obs unit called "start".
    qsizetype mostLiteral = -1;
    for (const Route &candidate : routes::all()) {
        QStringList found;
        if (candidate.matches(segments, found))
            mostLiteral = std::max(mostLiteral, candidate.literalCount());
    }
    for (const Route &candidate : routes::all()) {
        QStringList found;
        if (!candidate.matches(segments, found) || candidate.literalCount() != mostLiteral)
            continue;
        if (candidate.method == method) {
            params = found;
            return &candidate;
        }
        allowed << routes::methodName(candidate.method);
    }
    return nullptr;
}

std::optional<HttpApi::Reply> HttpApi::authorize(const HttpRequest &request, const Route &route,
                                                 Buffer &buffer, QString &actor)
{
    actor.clear();
    // Metrics are for the machine's own scraper without a token; from elsewhere, scope read.
    const bool loopbackScrape = route.id == Id::Metrics && request.peer.isLoopback() &&
                                request.header("Authorization").isEmpty();
    if (route.scope.isEmpty() || loopbackScrape)
        return std::nullopt;
    const auto sent =
        std::count_if(request.headers.cbegin(), request.headers.cend(),
                      [](const std::pair<QByteArray, QByteArray> &header) {
                          return header.first.compare("Authorization", Qt::CaseInsensitive) == 0;
                      });
    if (sent > 1)
        return detail(400, QStringLiteral("Authorization: sent %1 times; send one").arg(sent));
    const QByteArray authorization = request.header("Authorization").trimmed();
    if (authorization.isEmpty())
        return detail(
            401, QStringLiteral("Authorization: missing; send \"Authorization: Bearer <token>\""));
    if (!authorization.toLower().startsWith("bearer "))
        return detail(401, QStringLiteral("Authorization: expected \"Bearer <token>\""));
    const auto token = TokenStore(buffer.database())
                           .authenticate(QString::fromUtf8(authorization.mid(7).trimmed()));
    if (!token)
        return detail(401, QStringLiteral("Authorization: unknown or revoked token"));
    if (!TokenStore::grants(token->scopes, route.scope))
        return detail(
            403, QStringLiteral("token \"%1\" lacks the scope \"%2\" (it has: %3)")
                     .arg(token->name, route.scope, token->scopes.join(QLatin1StringView(", "))));
    actor = token->name;
    return std::nullopt;
}

std::optional<HttpResponse> HttpApi::refuseOnHead(const HttpRequest &head)
{
    QStringList params, allowed;
    const Route *route = findRoute(head, params, allowed);
    if (!route)
        return std::nullopt; // 404 and 405 are answered as usual
    QString actor;
    const auto refused = authorize(head, *route, m_buffer, actor);
    if (!refused)
        return std::nullopt;
    QElapsedTimer timer;
    timer.start();
    return toResponse(head, route, *refused, timer);
}

HttpApi::Reply HttpApi::dispatch(HttpRequest &request, const Route *route,
                                 const QStringList &params, const QStringList &allowed,
                                 Buffer &buffer)
{
    if (!route) {
        if (!allowed.isEmpty()) {
            const QString methods = allowed.join(QLatin1StringView(", "));
            Reply refused = detail(
                405, QStringLiteral("method %1 is not allowed on %2 (allowed: %3)")
                         .arg(QString::fromLatin1(request.method), request.url.path(), methods));
            refused.allow = methods.toLatin1();
            return refused;
        }
        return detail(404, QStringLiteral("no route %1 %2")
                               .arg(QString::fromLatin1(request.method), request.url.path()));
    }

    // The transport refused oversized bodies from their header, before reading them.
    const QByteArray &rawBody = request.body;

    QString actor;
    if (auto refused = authorize(request, *route, buffer, actor))
        return *refused;

    QJsonValue body;
    if (route->body != routes::Body::None && !rawBody.trimmed().isEmpty()) {
        const QByteArray contentType = request.header("Content-Type");
        const QByteArray mediaType = contentType.split(';').first().trimmed().toLower();
        if (!contentType.isEmpty() && mediaType != "application/json")
            return detail(400, QStringLiteral("Content-Type: must be application/json, got \"%1\"")
                                   .arg(QString::fromUtf8(contentType)));
        if (auto bad = strictjson::check(rawBody))
            return fromError(*bad);
        if (route->id == Id::FileBulk) // read file by file, never as one document; the body is
            // handed over, to be let go once its files are read (its last use here)
            return acknowledged(201, m_operations->registerFiles(std::exchange(request.body, {}),
                                                                 route->fields, actor));
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(rawBody, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return detail(400, QStringLiteral("body: malformed JSON at offset %1: %2")
                                   .arg(parseError.offset)
                                   .arg(parseError.errorString()));
        body = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    } else if (route->body == routes::Body::Required && route->id != Id::FileBulk) {
        body = QJsonObject();
    }
    if (const QString unknown = unknownField(body, route->fields); !unknown.isEmpty())
        return detail(422, unknown);
    const auto objectBody = [&](QJsonObject &out) -> std::optional<Reply> {
        if (body.isUndefined() || body.isNull()) {
            out = {};
            return std::nullopt;
        }
        if (!body.isObject())
            return detail(422, QStringLiteral("body: must be a JSON object"));
        out = body.toObject();
        return std::nullopt;
    };

    const QUrlQuery query(request.url);
    MergedReader reader(buffer.database());
    Reply reply;
    QJsonObject object;
    switch (route->id) {
    case Id::Health: {
        // Anonymous by contract; a token with the read scope also sees central's error text.
        const QByteArray authorization = request.header("Authorization").trimmed();
        const auto token =
            authorization.toLower().startsWith("bearer ")
                ? TokenStore(buffer.database())
                      .authenticate(QString::fromUtf8(authorization.mid(7).trimmed()))
                : std::nullopt;
        const HealthAudience audience =
            token && TokenStore::grants(token->scopes, QStringLiteral("read"))
                ? HealthAudience::Operator
                : HealthAudience::Anonymous;
        return {200, healthReport(reader.counts(), m_syncStatus->snapshot(), m_settings.site.site,
                                  m_settings.siteType, m_clock.nowMicros(), m_settings.bufferDamage,
                                  m_buffer.probeWritable(), audience)};
    }
    case Id::Metrics:
        return {
            200, {}, metricsText(), QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8")};
    case Id::Docs:
        return {200, {}, apidocs::page(), QByteArrayLiteral("text/html; charset=utf-8")};
    case Id::OpenApi:
        return {200, openapi::document()};
    case Id::Start:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->startObservation(object, actor));
    case Id::Finish: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(200, m_operations->finishObservation(*id, object, actor));
    }
    case Id::ObsByUnit: {
        bool ok = false;
        const qint64 obsUnitId = params[0].toLongLong(&ok);
        if (!ok || obsUnitId <= 0)
            return detail(422, QStringLiteral("obs_unit_id: must be a positive integer, got \"%1\"")
                                   .arg(params[0]));
        int limit = 0, offset = 0;
        if (auto bad = paging(query, 100, 10000, limit, offset))
            return fromError(*bad);
        return {200, {}, reader.observationsOfObsUnit(obsUnitId, limit, offset)};
    }
    case Id::NightLog: {
        const QTimeZone &zone = m_settings.zone;
        QDate night = timestamps::nightOf(m_clock.nowMicros(), zone);
        if (query.hasQueryItem(QStringLiteral("night"))) {
            const QString text = query.queryItemValue(QStringLiteral("night"));
            night = QDate::fromString(text, Qt::ISODate);
            if (!night.isValid() || text.size() != 10)
                return detail(
                    422, QStringLiteral("night: must be a date YYYY-MM-DD, got \"%1\"").arg(text));
        }
        const QString status = query.queryItemValue(QStringLiteral("status"));
        if (!status.isEmpty() && !observation::kStatuses.contains(status))
            return detail(422,
                          QStringLiteral("status: must be one of %1, got \"%2\"")
                              .arg(observation::kStatuses.join(QLatin1StringView(", ")), status));
        int limit = 0, offset = 0;
        if (auto bad = paging(query, 1000, 10000, limit, offset))
            return fromError(*bad);
        return {200, reader.nightLog(timestamps::nightWindow(night, zone), status, limit, offset)};
    }
    case Id::FileCreate:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->registerFile(object, actor));
    case Id::FileBulk: // an empty body; a list was answered above
        return detail(422, QStringLiteral("body: must be a JSON list of files"));
    case Id::FileGet: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        const auto file = reader.record(schema::kFile, *id);
        if (!file)
            return detail(404, QStringLiteral("id: no raw data file %1").arg(*id));
        return {200, *file};
    }
    case Id::PackageCreate:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->createPackage(object, actor));
    case Id::PackageGet: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        QByteArray package = reader.packageWithFiles(*id);
        if (package.isEmpty())
            return detail(404, QStringLiteral("id: no raw data package %1").arg(*id));
        return {200, {}, std::move(package)};
    }
    case Id::PackageFinalize: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(200, m_operations->finalizePackage(*id, actor));
    }
    case Id::Stage:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->requestStaging(object, actor));
    case Id::StagingStatus: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        const auto job = reader.stagingJobWithPackages(*id);
        if (!job)
            return detail(404, QStringLiteral("id: no staging job %1").arg(*id));
        return {200, *job};
    }
    case Id::StagingCancel: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        const QJsonValue reason = object.value(QLatin1StringView("reason"));
        if (!reason.isUndefined() && !reason.isNull() && !reason.isString())
            return detail(
                422,
                QStringLiteral("reason: must be a string, got %1").arg(JsonFields::show(reason)));
        return acknowledged(200, m_operations->cancelStaging(*id, reason.toString(), actor),
                            QStringLiteral("cancelled"));
    }
    case Id::SyncList: {
        const QString state = query.queryItemValue(QStringLiteral("state"));
        if (!state.isEmpty() && state != QLatin1StringView("pending") &&
            state != QLatin1StringView("failed"))
            return detail(
                422, QStringLiteral("state: must be pending or failed, got \"%1\"").arg(state));
        int limit = 0, offset = 0;
        if (auto bad = paging(query, 100, 10000, limit, offset))
            return fromError(*bad);
        return {200, reader.transactions(state, limit, offset)};
    }
    case Id::SyncRetry:
    case Id::SyncDiscard: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        Outbox outbox(buffer, m_clock);
        Result<QString> done = QString();
        if (route->id == Id::SyncRetry) {
            done = outbox.retry(*id, actor, m_settings.site.site);
        } else {
            const QJsonValue reason = object.value(QLatin1StringView("reason"));
            if (!reason.isString() || reason.toString().trimmed().isEmpty())
                return detail(
                    422, QStringLiteral("reason: a reason is required to discard a transaction, "
                                        "got %1")
                             .arg(reason.isUndefined() ? QStringLiteral("none")
                                                       : JsonFields::show(reason)));
            done = outbox.discard(*id, reason.toString(), actor, m_settings.site.site);
        }
        if (!done)
            return fromError(done.error());
        const auto entry = outbox.find(*id);
        return {200, QJsonObject{{QStringLiteral("id"), *id},
                                 {QStringLiteral("state"), entry ? entry->state : QString()}}};
    }
    }
    return detail(500, QStringLiteral("unrouted"));
}

} // namespace ops
