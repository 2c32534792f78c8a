#include "httpapi.h"

#include "health.h"
#include "logging.h"
#include "mergedreader.h"
#include "observation.h"
#include "outbox.h"
#include "schema.h"
#include "strictjson.h"
#include "timestamps.h"
#include "tokenstore.h"
#include "uuids.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUrlQuery>

namespace ops {

namespace {

using Method = QHttpServerRequest::Method;
using Reply = HttpApi::Reply;

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
    QJsonObject body{{QStringLiteral("status"), state},
                     {QStringLiteral("transaction_id"), ack->transactionId.isEmpty()
                                                            ? QJsonValue(QJsonValue::Null)
                                                            : QJsonValue(ack->transactionId)}};
    if (!ack->id.isEmpty())
        body.insert(QStringLiteral("id"), ack->id);
    if (!ack->ids.isEmpty() || ack->id.isEmpty()) {
        body.insert(QStringLiteral("count"), ack->ids.size());
        body.insert(QStringLiteral("ids"), QJsonArray::fromStringList(ack->ids));
    }
    return {status, body};
}

QString methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return QStringLiteral("GET");
    case Method::Put:
        return QStringLiteral("PUT");
    case Method::Post:
        return QStringLiteral("POST");
    case Method::Delete:
        return QStringLiteral("DELETE");
    case Method::Patch:
        return QStringLiteral("PATCH");
    case Method::Head:
        return QStringLiteral("HEAD");
    case Method::Options:
        return QStringLiteral("OPTIONS");
    default:
        return QStringLiteral("?");
    }
}

/// One route: method, path pattern ("*" = a parameter), scope needed (empty: none), and whether
/// it reads a JSON body.
struct Route
{
    Method method;
    QStringList pattern;
    QString scope;
    enum Body
    {
        NoBody,
        OptionalBody,
        RequiredBody
    } body;
    int id;
    /// The keys a JSON object body may hold (for a list body: each element). Anything else is
    /// refused with 422 naming it, so a typo such as "mean_pvw" never silently drops a value.
    QStringList fields = {};
};

enum RouteId
{
    Health,
    Start,
    Finish,
    ObsByUnit,
    NightLog,
    FileCreate,
    FileBulk,
    FileGet,
    PackageCreate,
    PackageGet,
    PackageFinalize,
    Stage,
    StagingStatus,
    StagingCancel,
    SyncList,
    SyncRetry,
    SyncDiscard
};

const QList<Route> &routes()
{
    const auto p = [](const char *path) {
        return QString::fromLatin1(path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    };
    const auto f = [](const char *names) {
        return QString::fromLatin1(names).split(QLatin1Char(' '));
    };
    const QStringList fileFields = f("executed_obs_unit_id instrument_module relative_path "
                                     "size_bytes checksum checksum_algorithm file_type id");
    const QString read = QStringLiteral("read");
    static const QList<Route> all{
        {Method::Get, p("health"), {}, Route::NoBody, Health},
        {Method::Post, p("executed_obs_units/start"), QStringLiteral("write:observations"),
         Route::RequiredBody, Start, f("obs_unit_id id start_time obs_info site")},
        {Method::Put, p("executed_obs_units/*/finish"), QStringLiteral("write:observations"),
         Route::OptionalBody, Finish, f("end_time status obs_info mean_pwv mean_elevation")},
        {Method::Get, p("executed_obs_units/*"), read, Route::NoBody, ObsByUnit},
        {Method::Get, p("executed_obs_units"), read, Route::NoBody, NightLog},
        {Method::Post, p("raw_data_files/bulk"), QStringLiteral("write:files"), Route::RequiredBody,
         FileBulk, fileFields},
        {Method::Post, p("raw_data_files"), QStringLiteral("write:files"), Route::RequiredBody,
         FileCreate, fileFields},
        {Method::Get, p("raw_data_files/*"), read, Route::NoBody, FileGet},
        {Method::Post, p("raw_data_package"), QStringLiteral("write:packages"), Route::RequiredBody,
         PackageCreate, f("name executed_obs_unit_id instrument_module file_ids id")},
        {Method::Get, p("raw_data_package/*"), read, Route::NoBody, PackageGet},
        {Method::Put, p("raw_data_package/*/finalize"), QStringLiteral("write:packages"),
         Route::OptionalBody, PackageFinalize},
        {Method::Post, p("staging/stage"), QStringLiteral("write:staging"), Route::RequiredBody,
         Stage, f("raw_data_package_ids destination reason id")},
        {Method::Get, p("staging/status/*"), read, Route::NoBody, StagingStatus},
        {Method::Delete, p("staging/*"), QStringLiteral("write:staging"), Route::OptionalBody,
         StagingCancel, f("reason")},
        {Method::Get, p("sync/transactions"), read, Route::NoBody, SyncList},
        {Method::Post, p("sync/transactions/*/retry"), QStringLiteral("admin"), Route::OptionalBody,
         SyncRetry, f("reason")},
        {Method::Delete, p("sync/transactions/*"), QStringLiteral("admin"), Route::RequiredBody,
         SyncDiscard, f("reason")},
    };
    return all;
}

bool matches(const QStringList &pattern, const QStringList &segments, QStringList &params)
{
    if (pattern.size() != segments.size())
        return false;
    QStringList found;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == QLatin1StringView("*"))
            found << segments[i];
        else if (pattern[i] != segments[i])
            return false;
    }
    // A literal route wins over a parameter at the same place: "/raw_data_files/bulk" is not a
    // file id. Routes are listed literal-first, so the first match is the right one.
    params = found;
    return true;
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
    const auto check = [&](const QJsonObject &object, const QString &prefix) -> QString {
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!allowed.contains(it.key()))
                return QStringLiteral("%1%2: unknown field (allowed: %3)")
                    .arg(prefix, it.key(), allowed.join(QLatin1StringView(", ")));
        return {};
    };
    if (body.isObject())
        return check(body.toObject(), QString());
    if (body.isArray()) {
        const QJsonArray list = body.toArray();
        for (qsizetype i = 0; i < list.size(); ++i)
            if (list.at(i).isObject())
                if (QString problem = check(list.at(i).toObject(), QStringLiteral("[%1].").arg(i));
                    !problem.isEmpty())
                    return problem;
    }
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
    : QAbstractHttpServer(parent), m_settings(std::move(settings)),
      m_syncStatus(std::move(syncStatus)), m_clock(clock)
{}

HttpApi::~HttpApi() = default;

Result<quint16> HttpApi::start(const QHostAddress &address, quint16 port)
{
    if (auto opened = m_buffer.open(m_settings.bufferPath); !opened)
        return opened.error();
    m_operations = std::make_unique<Operations>(m_buffer, m_settings.site, m_clock);
    const quint16 bound = listen(address, port);
    if (bound == 0)
        return unavailable(
            QStringLiteral("--listen: cannot listen on %1:%2 (in use or not allowed)")
                .arg(address.toString())
                .arg(port));
    qCInfo(lcHttp).noquote() << "serving REST on"
                             << address.toString() + QLatin1Char(':') + QString::number(bound);
    return bound;
}

void HttpApi::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    handleRequest(request, socket);
}

bool HttpApi::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const Reply reply = dispatch(request);
    QHttpServerResponder responder = makeResponder(request, socket);
    const QByteArray body =
        reply.body.isArray() ? QJsonDocument(reply.body.toArray()).toJson(QJsonDocument::Compact)
                             : QJsonDocument(reply.body.toObject()).toJson(QJsonDocument::Compact);
    responder.write(body, QByteArrayLiteral("application/json"),
                    static_cast<QHttpServerResponder::StatusCode>(reply.status));
    qCDebug(lcHttp).noquote() << methodName(request.method()) << request.url().path()
                              << reply.status;
    return true;
}

HttpApi::Reply HttpApi::dispatch(const QHttpServerRequest &request)
{
    const QStringList segments = request.url().path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const Route *route = nullptr;
    QStringList params;
    QStringList allowed;
    // The most literal pattern that fits the path decides what the path is: "GET
    // /executed_obs_units/start" names the start route (405), not an obs unit called "start".
    const auto literals = [](const Route &r) {
        return r.pattern.size() - r.pattern.count(QStringLiteral("*"));
    };
    qsizetype mostLiteral = -1;
    for (const Route &candidate : routes()) {
        QStringList found;
        if (matches(candidate.pattern, segments, found))
            mostLiteral = std::max(mostLiteral, literals(candidate));
    }
    for (const Route &candidate : routes()) {
        QStringList found;
        if (!matches(candidate.pattern, segments, found) || literals(candidate) != mostLiteral)
            continue;
        if (candidate.method == request.method()) {
            route = &candidate;
            params = found;
            break;
        }
        allowed << methodName(candidate.method);
    }
    if (!route) {
        if (!allowed.isEmpty())
            return detail(405, QStringLiteral("method %1 is not allowed on %2 (allowed: %3)")
                                   .arg(methodName(request.method()), request.url().path(),
                                        allowed.join(QLatin1StringView(", "))));
        return detail(404, QStringLiteral("no route %1 %2")
                               .arg(methodName(request.method()), request.url().path()));
    }

    const QByteArray rawBody = request.body();
    if (rawBody.size() > m_settings.maxBodyBytes ||
        request.value(QByteArrayLiteral("Content-Length")).toLongLong() > m_settings.maxBodyBytes)
        return detail(413, QStringLiteral("body: %1 bytes, larger than the limit of %2 bytes")
                               .arg(std::max<qint64>(
                                   rawBody.size(),
                                   request.value(QByteArrayLiteral("Content-Length")).toLongLong()))
                               .arg(m_settings.maxBodyBytes));

    QString actor;
    if (!route->scope.isEmpty()) {
        const QByteArray authorization =
            request.value(QByteArrayLiteral("Authorization")).trimmed();
        if (authorization.isEmpty())
            return detail(
                401,
                QStringLiteral("Authorization: missing; send \"Authorization: Bearer <token>\""));
        if (!authorization.toLower().startsWith("bearer "))
            return detail(401, QStringLiteral("Authorization: expected \"Bearer <token>\""));
        const auto token = TokenStore(m_buffer.database())
                               .authenticate(QString::fromUtf8(authorization.mid(7).trimmed()));
        if (!token)
            return detail(401, QStringLiteral("Authorization: unknown or revoked token"));
        if (!TokenStore::grants(token->scopes, route->scope))
            return detail(403, QStringLiteral("token \"%1\" lacks the scope \"%2\" (it has: %3)")
                                   .arg(token->name, route->scope,
                                        token->scopes.join(QLatin1StringView(", "))));
        actor = token->name;
    }

    QJsonValue body;
    if (route->body != Route::NoBody && !rawBody.trimmed().isEmpty()) {
        const QByteArray contentType = request.value(QByteArrayLiteral("Content-Type"));
        const QByteArray mediaType = contentType.split(';').first().trimmed().toLower();
        if (!contentType.isEmpty() && mediaType != "application/json")
            return detail(400, QStringLiteral("Content-Type: must be application/json, got \"%1\"")
                                   .arg(QString::fromUtf8(contentType)));
        if (auto bad = strictjson::check(rawBody))
            return fromError(*bad);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(rawBody, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return detail(400, QStringLiteral("body: malformed JSON at offset %1: %2")
                                   .arg(parseError.offset)
                                   .arg(parseError.errorString()));
        body = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    } else if (route->body == Route::RequiredBody && route->id != FileBulk) {
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

    const QUrlQuery query(request.url());
    MergedReader reader(m_buffer.database());
    Reply reply;
    QJsonObject object;
    switch (route->id) {
    case Health: {
        // Anonymous by contract; a token with the read scope also sees central's error text.
        const QByteArray authorization =
            request.value(QByteArrayLiteral("Authorization")).trimmed();
        const auto token =
            authorization.toLower().startsWith("bearer ")
                ? TokenStore(m_buffer.database())
                      .authenticate(QString::fromUtf8(authorization.mid(7).trimmed()))
                : std::nullopt;
        const HealthAudience audience =
            token && TokenStore::grants(token->scopes, QStringLiteral("read"))
                ? HealthAudience::Operator
                : HealthAudience::Anonymous;
        return {200, healthReport(reader.counts(), m_syncStatus->snapshot(), m_settings.site.site,
                                  m_settings.siteType, m_clock.nowMicros(),
                                  m_settings.bufferQuarantined, m_buffer.probeWritable(),
                                  audience)};
    }
    case Start:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->startObservation(object, actor));
    case Finish: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(200, m_operations->finishObservation(*id, object, actor));
    }
    case ObsByUnit: {
        bool ok = false;
        const qint64 obsUnitId = params[0].toLongLong(&ok);
        if (!ok || obsUnitId <= 0)
            return detail(422, QStringLiteral("obs_unit_id: must be a positive integer, got \"%1\"")
                                   .arg(params[0]));
        int limit = 0, offset = 0;
        if (auto bad = paging(query, 100, 10000, limit, offset))
            return fromError(*bad);
        return {200, reader.observationsOfObsUnit(obsUnitId, limit, offset)};
    }
    case NightLog: {
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
    case FileCreate:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->registerFile(object, actor));
    case FileBulk:
        if (!body.isArray())
            return detail(422, QStringLiteral("body: must be a JSON list of files"));
        return acknowledged(201, m_operations->registerFiles(body.toArray(), actor));
    case FileGet: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        const auto file = reader.record(schema::kFile, *id);
        if (!file)
            return detail(404, QStringLiteral("id: no raw data file %1").arg(*id));
        return {200, *file};
    }
    case PackageCreate:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->createPackage(object, actor));
    case PackageGet: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        const auto package = reader.packageWithFiles(*id);
        if (!package)
            return detail(404, QStringLiteral("id: no raw data package %1").arg(*id));
        return {200, *package};
    }
    case PackageFinalize: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(200, m_operations->finalizePackage(*id, actor));
    }
    case Stage:
        if (auto bad = objectBody(object))
            return *bad;
        return acknowledged(201, m_operations->requestStaging(object, actor));
    case StagingStatus: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        const auto job = reader.stagingJobWithPackages(*id);
        if (!job)
            return detail(404, QStringLiteral("id: no staging job %1").arg(*id));
        return {200, *job};
    }
    case StagingCancel: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        const QJsonValue reason = object.value(QLatin1StringView("reason"));
        if (!reason.isUndefined() && !reason.isNull() && !reason.isString())
            return detail(422, QStringLiteral("reason: must be a string"));
        return acknowledged(200, m_operations->cancelStaging(*id, reason.toString(), actor),
                            QStringLiteral("cancelled"));
    }
    case SyncList: {
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
    case SyncRetry:
    case SyncDiscard: {
        const auto id = pathId(params[0], "id", reply);
        if (!id)
            return reply;
        if (auto bad = objectBody(object))
            return *bad;
        Outbox outbox(m_buffer, m_clock);
        Result<QString> done = QString();
        if (route->id == SyncRetry) {
            done = outbox.retry(*id, actor, m_settings.site.site);
        } else {
            const QJsonValue reason = object.value(QLatin1StringView("reason"));
            if (!reason.isString() || reason.toString().trimmed().isEmpty())
                return detail(
                    422, QStringLiteral("reason: a reason is required to discard a transaction"));
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
