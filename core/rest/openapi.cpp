#include "openapi.h"

#include "routes.h"

#include <QJsonArray>

namespace ops::openapi {

namespace {

QJsonObject ref(const QString &name)
{
    return {{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/") + name}};
}

QJsonObject type(const char *name, QJsonObject extra = {})
{
    extra.insert(QStringLiteral("type"), QString::fromLatin1(name));
    return extra;
}

QJsonObject uuid()
{
    return type("string", {{QStringLiteral("format"), QStringLiteral("uuid")}});
}

/// The schema of one request field, by name: the same names mean the same thing on every route.
QJsonObject fieldSchema(const QString &field)
{
    const auto text = [] {
        return type("string", {{QStringLiteral("minLength"), 1},
                               {QStringLiteral("description"),
                                QStringLiteral("At most 1,024 bytes of UTF-8, no NUL")}});
    };
    // Before the "_id" rule: the observation unit is central's integer, not a UUID.
    if (field == QLatin1StringView("obs_unit_id"))
        return type("integer",
                    {{QStringLiteral("minimum"), 1}, {QStringLiteral("maximum"), 2147483647}});
    if (field == QLatin1StringView("id") || field.endsWith(QLatin1StringView("_id")))
        return uuid();
    // A package may start empty; a staging request names at least one package.
    if (field == QLatin1StringView("file_ids"))
        return type("array", {{QStringLiteral("items"), uuid()}});
    if (field.endsWith(QLatin1StringView("_ids")))
        return type("array", {{QStringLiteral("items"), uuid()}, {QStringLiteral("minItems"), 1}});
    if (field.endsWith(QLatin1StringView("_time")))
        return type("string", {{QStringLiteral("format"), QStringLiteral("date-time")}});
    if (field == QLatin1StringView("size_bytes"))
        return type("integer", {{QStringLiteral("format"), QStringLiteral("int64")},
                                {QStringLiteral("minimum"), 0}});
    if (field == QLatin1StringView("obs_info"))
        return type("object", {{QStringLiteral("additionalProperties"), true}});
    if (field == QLatin1StringView("mean_pwv"))
        return type("number", {{QStringLiteral("minimum"), 0}});
    if (field == QLatin1StringView("mean_elevation"))
        return type("number", {{QStringLiteral("minimum"), 0}, {QStringLiteral("maximum"), 90}});
    if (field == QLatin1StringView("status"))
        return type("string", {{QStringLiteral("enum"),
                                QJsonArray{QStringLiteral("completed"), QStringLiteral("failed"),
                                           QStringLiteral("aborted")}}});
    if (field == QLatin1StringView("checksum_algorithm"))
        return type("string", {{QStringLiteral("enum"),
                                QJsonArray{QStringLiteral("sha256"), QStringLiteral("md5")}}});
    if (field == QLatin1StringView("checksum"))
        return type("string",
                    {{QStringLiteral("pattern"), QStringLiteral("^[0-9a-f]{32}([0-9a-f]{32})?$")}});
    return text();
}

QJsonObject requestSchema(const routes::Route &route)
{
    QJsonObject properties;
    for (const QString &field : route.fields)
        properties.insert(field, fieldSchema(field));
    QJsonObject object = type("object", {{QStringLiteral("properties"), properties},
                                         {QStringLiteral("additionalProperties"), false}});
    if (!route.required.isEmpty())
        object.insert(QStringLiteral("required"), QJsonArray::fromStringList(route.required));
    if (!route.listBody)
        return object;
    return type("array", {{QStringLiteral("items"), object},
                          {QStringLiteral("minItems"), 1},
                          {QStringLiteral("maxItems"), 100000}});
}

QJsonObject successSchema(routes::Id id)
{
    using routes::Id;
    switch (id) {
    case Id::Start:
    case Id::Finish:
    case Id::FileCreate:
    case Id::PackageCreate:
    case Id::PackageFinalize:
    case Id::Stage:
    case Id::StagingCancel:
        return ref(QStringLiteral("Acknowledgment"));
    case Id::FileBulk:
        return ref(QStringLiteral("BulkAcknowledgment"));
    case Id::ObsByUnit:
    case Id::NightLog:
    case Id::SyncList:
        return type("array", {{QStringLiteral("items"), ref(QStringLiteral("Record"))}});
    default:
        return ref(QStringLiteral("Record"));
    }
}

QJsonObject components()
{
    const QJsonObject error = type(
        "object", {{QStringLiteral("required"), QJsonArray{QStringLiteral("detail")}},
                   {QStringLiteral("properties"),
                    QJsonObject{{QStringLiteral("detail"),
                                 type("string", {{QStringLiteral("description"),
                                                  QStringLiteral("What is wrong, naming the field "
                                                                 "and the value")}})}}}});
    const QJsonObject ack = type(
        "object",
        {{QStringLiteral("required"),
          QJsonArray{QStringLiteral("status"), QStringLiteral("transaction_id")}},
         {QStringLiteral("properties"), QJsonObject{{QStringLiteral("id"), uuid()},
                                                    {QStringLiteral("status"), type("string")},
                                                    {QStringLiteral("transaction_id"), uuid()}}}});
    QJsonObject bulk = ack;
    QJsonObject bulkProperties = bulk.value(QLatin1StringView("properties")).toObject();
    bulkProperties.insert(QStringLiteral("count"), type("integer"));
    bulkProperties.insert(QStringLiteral("ids"),
                          type("array", {{QStringLiteral("items"), uuid()}}));
    bulk.insert(QStringLiteral("properties"), bulkProperties);
    const QJsonObject record =
        type("object", {{QStringLiteral("additionalProperties"), true},
                        {QStringLiteral("description"),
                         QStringLiteral("A record of the merged state: central's columns (NULL as "
                                        "null) and sync_state buffered | synced | failed")}});
    return {{QStringLiteral("schemas"), QJsonObject{{QStringLiteral("Error"), error},
                                                    {QStringLiteral("Acknowledgment"), ack},
                                                    {QStringLiteral("BulkAcknowledgment"), bulk},
                                                    {QStringLiteral("Record"), record}}},
            {QStringLiteral("securitySchemes"),
             QJsonObject{{QStringLiteral("bearer"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                      {QStringLiteral("scheme"), QStringLiteral("bearer")}}}}}};
}

QJsonObject errorResponse(const char *text)
{
    return {{QStringLiteral("description"), QString::fromLatin1(text)},
            {QStringLiteral("content"),
             QJsonObject{{QStringLiteral("application/json"),
                          QJsonObject{{QStringLiteral("schema"), ref(QStringLiteral("Error"))}}}}}};
}

QJsonObject operation(const routes::Route &route)
{
    QJsonObject op{
        {QStringLiteral("summary"), route.summary},
        {QStringLiteral("operationId"), routes::methodName(route.method).toLower() +
                                            route.path.split(QLatin1Char('/'), Qt::SkipEmptyParts)
                                                .join(QLatin1Char('_'))
                                                .remove(QLatin1Char('{'))
                                                .remove(QLatin1Char('}'))
                                                .replace(QLatin1Char('.'), QLatin1Char('_'))}};
    QJsonArray parameters;
    for (const QString &segment : route.segments())
        if (segment.startsWith(QLatin1Char('{'))) {
            const QString name = segment.mid(1, segment.size() - 2);
            parameters.append(QJsonObject{
                {QStringLiteral("name"), name},
                {QStringLiteral("in"), QStringLiteral("path")},
                {QStringLiteral("required"), true},
                {QStringLiteral("schema"),
                 name == QLatin1StringView("obs_unit_id") ? fieldSchema(name) : uuid()}});
        }
    if (route.method == routes::Method::Get && route.id != routes::Id::Health &&
        route.id != routes::Id::Metrics && route.id != routes::Id::OpenApi &&
        route.id != routes::Id::Docs && !route.path.contains(QLatin1Char('{')))
        for (const char *name : {"limit", "offset"})
            parameters.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)},
                                          {QStringLiteral("in"), QStringLiteral("query")},
                                          {QStringLiteral("schema"), type("integer")}});
    if (route.id == routes::Id::NightLog)
        for (const char *name : {"night", "status"})
            parameters.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)},
                                          {QStringLiteral("in"), QStringLiteral("query")},
                                          {QStringLiteral("schema"), type("string")}});
    if (route.id == routes::Id::SyncList)
        parameters.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("state")},
            {QStringLiteral("in"), QStringLiteral("query")},
            {QStringLiteral("schema"),
             type("string", {{QStringLiteral("enum"),
                              QJsonArray{QStringLiteral("pending"), QStringLiteral("failed")}}})}});
    if (!parameters.isEmpty())
        op.insert(QStringLiteral("parameters"), parameters);
    if (route.body != routes::Body::None)
        op.insert(
            QStringLiteral("requestBody"),
            QJsonObject{
                {QStringLiteral("required"), route.body == routes::Body::Required},
                {QStringLiteral("content"),
                 QJsonObject{{QStringLiteral("application/json"),
                              QJsonObject{{QStringLiteral("schema"), requestSchema(route)}}}}}});
    const bool text = route.id == routes::Id::Metrics || route.id == routes::Id::Docs;
    QJsonObject responses{
        {QString::number(route.success),
         QJsonObject{
             {QStringLiteral("description"), QStringLiteral("Success")},
             {QStringLiteral("content"),
              QJsonObject{{!text                          ? QStringLiteral("application/json")
                           : route.id == routes::Id::Docs ? QStringLiteral("text/html")
                                                          : QStringLiteral("text/plain"),
                           QJsonObject{{QStringLiteral("schema"),
                                        text ? type("string") : successSchema(route.id)}}}}}}}};
    if (route.body != routes::Body::None) {
        responses.insert(QStringLiteral("400"), errorResponse("Malformed JSON or content type"));
        responses.insert(QStringLiteral("413"), errorResponse("Body larger than the limit"));
        responses.insert(QStringLiteral("422"), errorResponse("A field missing, unknown, of the "
                                                              "wrong type or out of range"));
    }
    // An empty requirement ({}) is OpenAPI's "no token needed": /health and this document
    // always, /metrics from loopback.
    const QJsonObject bearer{{QStringLiteral("bearer"), QJsonArray{}}};
    if (route.scope.isEmpty())
        op.insert(QStringLiteral("security"), QJsonArray{QJsonObject{}});
    else if (route.id == routes::Id::Metrics)
        op.insert(QStringLiteral("security"), QJsonArray{bearer, QJsonObject{}});
    else
        op.insert(QStringLiteral("security"), QJsonArray{bearer});
    if (!route.scope.isEmpty()) {
        op.insert(QStringLiteral("description"),
                  route.id == routes::Id::Metrics
                      ? QStringLiteral("Needs a token with the scope read, except from loopback.")
                      : QStringLiteral("Needs a token with the scope %1 (admin implies all).")
                            .arg(route.scope));
        responses.insert(QStringLiteral("401"), errorResponse("Missing or unknown token"));
        responses.insert(QStringLiteral("403"), errorResponse("The token lacks the scope"));
    }
    if (route.path.contains(QLatin1Char('{')))
        responses.insert(QStringLiteral("404"), errorResponse("Unknown id"));
    if (parameters.size() > 0 && !responses.contains(QStringLiteral("422")))
        responses.insert(QStringLiteral("422"),
                         errorResponse("A path or query parameter out of range (an id that is not "
                                       "a UUID, a limit over the maximum)"));
    if (route.method != routes::Method::Get) {
        responses.insert(QStringLiteral("409"),
                         errorResponse("Not allowed in the record's state, or an id reused "
                                       "with other content"));
        responses.insert(QStringLiteral("503"),
                         errorResponse("The local buffer cannot be written (disk full)"));
    }
    op.insert(QStringLiteral("responses"), responses);
    return op;
}

} // namespace

QJsonObject document()
{
    QJsonObject paths;
    for (const routes::Route &route : routes::all()) {
        QJsonObject item = paths.value(route.path).toObject();
        item.insert(routes::methodName(route.method).toLower(), operation(route));
        paths.insert(route.path, item);
    }
    return {
        {QStringLiteral("openapi"), QStringLiteral("3.0.3")},
        {QStringLiteral("info"),
         QJsonObject{{QStringLiteral("title"), QStringLiteral("opsconsole REST API")},
                     {QStringLiteral("version"), QStringLiteral("1")},
                     {QStringLiteral("description"),
                      QStringLiteral("Every write is committed to the console's local buffer and "
                                     "acknowledged at once; it reaches central in the "
                                     "background, exactly once.")}}},
        // Relative: the console that serves this document, whatever address it listens on.
        {QStringLiteral("servers"),
         QJsonArray{QJsonObject{{QStringLiteral("url"), QStringLiteral("/")}}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"), components()},
    };
}

} // namespace ops::openapi
