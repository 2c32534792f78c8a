#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QSqlQuery>

struct sqlite3;
struct sqlite3_stmt;

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

/// prepareCached(), handing out the SQLite statement behind the query, to bind and step through
/// SQLite's own API on the hot paths: QSqlResult::bindValue formats a placeholder name for every
/// value (QString::arg), a quarter of a small write's CPU. Qt keeps owning the statement and
/// finalizes it with its connection; release() it after each use.
Result<sqlite3_stmt *> prepareCachedStatement(const QSqlDatabase &db, const QString &sql);

/// Binds `text` as UTF-8 that `keep` holds (it must outlive the step).
void bindText(sqlite3_stmt *statement, int index, const QString &text, QByteArray &keep);

/// Resets a statement used through SQLite's API and clears its bindings (they may point into
/// buffers about to go).
void release(sqlite3_stmt *statement);

/// Steps a statement bound through SQLite's API once, then resets it and clears its bindings
/// (they may point into buffers about to go); failure() for what SQLite said, naming `context`.
Status stepOnce(sqlite3_stmt *statement, const QString &context);

/// failure() for a statement run through SQLite's own API, from its result code.
Error directFailure(sqlite3 *db, int code, const QString &context);

/// True when the error is a UNIQUE or PRIMARY KEY violation.
bool isUniqueViolation(const QSqlQuery &query);

} // namespace ops::sql
