#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QSqlQuery>

struct sqlite3;

namespace ops::sql {

/// Translates a failed statement into a refusal. Disk full, read-only or I/O errors mean the
/// buffer cannot be written (Unavailable, 503); constraint failures are Conflicts; anything else
/// is Unavailable too, because a write we cannot make is a write we must not acknowledge.
Error failure(const QSqlQuery &query, const QString &context);

/// Prepares `sql` on `db`; on failure returns the error.
Result<QSqlQuery> prepare(const QSqlDatabase &db, const QString &sql);

/// The same, but the prepared statement is kept and handed out again for the same text on the
/// same connection: the hot write paths then pay SQLite's parse and plan once, not per request.
/// Each connection belongs to one thread, so the cache is per thread; a connection's statements
/// are dropped with dropCached() before it closes. A caller that reads rows must finish() the
/// statement when done: an open statement pins its connection to an old WAL snapshot.
Result<QSqlQuery *> prepareCached(const QSqlDatabase &db, const QString &sql);
void dropCached(const QString &connectionName);

/// Executes a prepared query, returning an error naming `context` on failure.
Status exec(QSqlQuery &query, const QString &context);

/// Runs one statement without parameters.
Status run(const QSqlDatabase &db, const QString &sql);

/// The SQLite connection under a QSQLITE connection (same library, same connection), for the
/// paths where QtSql's per-value QVariant conversions would dominate; nullptr if not SQLite.
sqlite3 *handle(const QSqlDatabase &db);

/// True when the error is a UNIQUE or PRIMARY KEY violation.
bool isUniqueViolation(const QSqlQuery &query);

} // namespace ops::sql
