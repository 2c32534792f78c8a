#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ops::routes {

/// Methods as sent on the request line (case-sensitive, RFC 9110).
enum class Method
{
    Get,
    Put,
    Post,
    Delete,
    Other
};
Method methodOf(const QByteArray &name);
QString methodName(Method method);

enum class Id
{
    Health,
    Metrics,
    OpenApi,
    Docs,
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

enum class Body
{
    None,
    Optional,
    Required,
};

/// One REST route of CONTRACT §3. The router dispatches on this table and GET /openapi.json is
/// generated from it, so the two can never drift apart.
struct Route
{
    Method method;
    QString path;  ///< "/executed_obs_units/{id}/finish": "{name}" segments are parameters
    QString scope; ///< needed scope; empty: none
    Body body;
    Id id;
    int success;     ///< the status of a success
    QString summary; ///< one line for the API description
    /// The keys a JSON object body may hold (for a list body: each element). Anything else is
    /// refused with 422 naming it, so a typo such as "mean_pvw" never silently drops a value.
    QStringList fields = {};
    QStringList required = {}; ///< of `fields`, those that must be present
    bool listBody = false;     ///< the body is a JSON list of such objects
    /// `path` split at "/", and how many of those are not parameters: computed once, by all(),
    /// since every request is matched against every route.
    QStringList pattern = {};
    qsizetype literals = 0;

    const QStringList &segments() const { return pattern; }
    /// Non-parameter segments: the most literal route that fits a path decides what it is.
    qsizetype literalCount() const;
    /// Whether `segments` fit this route; the parameter values in order, if so.
    bool matches(const QStringList &pathSegments, QStringList &params) const;
};

const QList<Route> &all();

} // namespace ops::routes
