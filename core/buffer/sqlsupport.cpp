#include "sqlsupport.h"

#include <QSqlDriver>

#include "logging.h"

#include <QSqlError>
#include <QSqlResult>

#include <sqlite3.h>

#include <unordered_map>

namespace ops::sql {

sqlite3 *handle(const QSqlDatabase &db)
{
    const QVariant value = db.driver()->handle();
    if (!value.isValid() || qstrcmp(value.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(value.data());
}

namespace {
// SQLite primary result codes (sqlite3.h); Qt reports them as the native error code.
constexpr int kConstraint = 19;

int nativeCode(const QSqlQuery &query)
{
    return query.lastError().nativeErrorCode().toInt() & 0xff;
}
} // namespace

Error failure(const QSqlQuery &query, const QString &context)
{
    const QSqlError error = query.lastError();
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (nativeCode(query) == kConstraint)
        return conflict(QStringLiteral("%1: %2").arg(context, detail));
    qCWarning(lcBuffer) << "buffer write failed:" << context << detail;
    return unavailable(
        QStringLiteral("the local buffer cannot be written (%1: %2)").arg(context, detail));
}

Error directFailure(sqlite3 *db, int code, const QString &context)
{
    const QString detail = QString::fromUtf8(sqlite3_errmsg(db));
    if ((code & 0xff) == kConstraint)
        return conflict(QStringLiteral("%1: %2").arg(context, detail));
    qCWarning(lcBuffer) << "buffer write failed:" << context << detail;
    return unavailable(
        QStringLiteral("the local buffer cannot be written (%1: %2)").arg(context, detail));
}

void bindText(sqlite3_stmt *statement, int index, const QString &text, QByteArray &keep)
{
    keep = text.toUtf8();
    sqlite3_bind_text(statement, index, keep.constData(), static_cast<int>(keep.size()),
                      SQLITE_STATIC);
}

void release(sqlite3_stmt *statement)
{
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
}

Status stepOnce(sqlite3_stmt *statement, const QString &context)
{
    const int rc = sqlite3_step(statement);
    Status done = success();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        done = directFailure(sqlite3_db_handle(statement),
                             sqlite3_extended_errcode(sqlite3_db_handle(statement)), context);
    release(statement);
    return done;
}

Result<QSqlQuery> prepare(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.prepare(sql))
        return failure(query, QStringLiteral("prepare"));
    return query;
}

namespace {
// Node-based maps: a handed-out statement stays where it is when later ones are added.
thread_local std::unordered_map<QString, std::unordered_map<QString, QSqlQuery>> t_statements;
} // namespace

Result<QSqlQuery *> prepareCached(const QSqlDatabase &db, const QString &sql)
{
    auto &statements = t_statements[db.connectionName()];
    auto found = statements.find(sql);
    if (found == statements.end()) {
        QSqlQuery query(db);
        if (!query.prepare(sql))
            return failure(query, QStringLiteral("prepare"));
        found = statements.emplace(sql, std::move(query)).first;
    }
    found->second.finish();
    return &found->second;
}

Result<sqlite3_stmt *> prepareCachedStatement(const QSqlDatabase &db, const QString &sql)
{
    auto prepared = prepareCached(db, sql);
    if (!prepared)
        return prepared.error();
    const QSqlResult *result = prepared.value()->result();
    const QVariant value = result ? result->handle() : QVariant();
    if (!value.isValid() || qstrcmp(value.typeName(), "sqlite3_stmt*") != 0)
        return unavailable(QStringLiteral("the local buffer cannot be written (not SQLite)"));
    return *static_cast<sqlite3_stmt *const *>(value.data());
}

void dropCached(const QString &connectionName)
{
    t_statements.erase(connectionName);
}

Status exec(QSqlQuery &query, const QString &context)
{
    if (!query.exec())
        return failure(query, context);
    return success();
}

Status run(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return failure(query, sql.left(40));
    return success();
}

bool isUniqueViolation(const QSqlQuery &query)
{
    return nativeCode(query) == kConstraint &&
           query.lastError().databaseText().contains(QLatin1StringView("UNIQUE"));
}

} // namespace ops::sql
