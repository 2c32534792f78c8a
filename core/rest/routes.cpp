#include "routes.h"

namespace ops::routes {

Method methodOf(const QByteArray &name)
{
    if (name == "GET")
        return Method::Get;
    if (name == "PUT")
        return Method::Put;
    if (name == "POST")
        return Method::Post;
    if (name == "DELETE")
        return Method::Delete;
    return Method::Other;
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
    default:
        return QStringLiteral("?");
    }
}

qsizetype Route::literalCount() const
{
    return literals;
}

bool Route::matches(const QStringList &pathSegments, QStringList &params) const
{
    const QStringList pattern = segments();
    if (pattern.size() != pathSegments.size())
        return false;
    QStringList found;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern[i].startsWith(QLatin1Char('{')))
            found << pathSegments[i];
        else if (pattern[i] != pathSegments[i])
            return false;
    }
    params = found;
    return true;
}

namespace {
QList<Route> buildTable()
{
    const auto f = [](const char *names) {
        return QString::fromLatin1(names).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    const QStringList fileFields = f("executed_obs_unit_id instrument_module relative_path "
                                     "size_bytes checksum checksum_algorithm file_type id");
    const QStringList fileRequired =
        f("executed_obs_unit_id instrument_module relative_path size_bytes checksum");
    const QString read = QStringLiteral("read");
    const auto s = [](const char *text) { return QString::fromLatin1(text); };
    using M = Method;
    QList<Route> table{
        {M::Get,
         s("/health"),
         {},
         Body::None,
         Id::Health,
         200,
         s("Health of the console: buffer, central link, sync (no token needed)")},
        {M::Get, s("/metrics"), read, Body::None, Id::Metrics, 200,
         s("Prometheus metrics (scope read, or no token from loopback)")},
        {M::Get,
         s("/openapi.json"),
         {},
         Body::None,
         Id::OpenApi,
         200,
         s("This API description (OpenAPI 3)")},
        {M::Get,
         s("/docs"),
         {},
         Body::None,
         Id::Docs,
         200,
         s("This API description, readable (HTML)")},
        {M::Post, s("/executed_obs_units/start"), s("write:observations"), Body::Required,
         Id::Start, 201, s("Start an executed observation (buffered, acknowledged at once)"),
         f("obs_unit_id id start_time obs_info site"), f("obs_unit_id")},
        {M::Put, s("/executed_obs_units/{id}/finish"), s("write:observations"), Body::Optional,
         Id::Finish, 200, s("Finish a running observation"),
         f("end_time status obs_info mean_pwv mean_elevation")},
        {M::Get, s("/executed_obs_units/{obs_unit_id}"), read, Body::None, Id::ObsByUnit, 200,
         s("Executions of a planned obs unit, newest first, with files and packages")},
        {M::Get, s("/executed_obs_units"), read, Body::None, Id::NightLog, 200,
         s("The night log: observations started in one night (noon to noon, site time)")},
        {M::Post, s("/raw_data_files/bulk"), s("write:files"), Body::Required, Id::FileBulk, 201,
         s("Register up to 100,000 files, all or nothing"), fileFields, fileRequired, true},
        {M::Post, s("/raw_data_files"), s("write:files"), Body::Required, Id::FileCreate, 201,
         s("Register one raw data file"), fileFields, fileRequired},
        {M::Get, s("/raw_data_files/{id}"), read, Body::None, Id::FileGet, 200,
         s("One raw data file")},
        {M::Post, s("/raw_data_package"), s("write:packages"), Body::Required, Id::PackageCreate,
         201, s("Create a raw data package, optionally with files"),
         f("name executed_obs_unit_id instrument_module file_ids id"),
         f("name executed_obs_unit_id instrument_module")},
        {M::Get, s("/raw_data_package/{id}"), read, Body::None, Id::PackageGet, 200,
         s("One package with its files")},
        {M::Put, s("/raw_data_package/{id}/finalize"), s("write:packages"), Body::Optional,
         Id::PackageFinalize, 200, s("Finalize a building package (it becomes complete)")},
        {M::Post, s("/staging/stage"), s("write:staging"), Body::Required, Id::Stage, 201,
         s("Request staging of complete packages to a processing location"),
         f("raw_data_package_ids destination reason id"), f("raw_data_package_ids destination")},
        {M::Get, s("/staging/status/{id}"), read, Body::None, Id::StagingStatus, 200,
         s("A staging job with its packages")},
        {M::Delete, s("/staging/{id}"), s("write:staging"), Body::Optional, Id::StagingCancel, 200,
         s("Cancel a staging job that has not finished"), f("reason")},
        {M::Get, s("/sync/transactions"), read, Body::None, Id::SyncList, 200,
         s("Buffered transactions still owed to central, oldest first")},
        {M::Post, s("/sync/transactions/{id}/retry"), s("admin"), Body::Optional, Id::SyncRetry,
         200, s("Put a dead-lettered transaction back in line"), f("reason")},
        {M::Delete, s("/sync/transactions/{id}"), s("admin"), Body::Required, Id::SyncDiscard, 200,
         s("Discard a dead-lettered transaction (audited; dependants fail in turn)"), f("reason"),
         f("reason")},
    };
    for (Route &route : table) {
        route.pattern = route.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (const QString &segment : std::as_const(route.pattern))
            route.literals += segment.startsWith(QLatin1Char('{')) ? 0 : 1;
    }
    return table;
}
} // namespace

const QList<Route> &all()
{
    static const QList<Route> table = buildTable();
    return table;
}

} // namespace ops::routes
