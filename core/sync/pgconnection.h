#pragma once

#include <functional>

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>

struct pg_conn;
struct pg_result;

namespace ops {

/// How a failure talking to central is to be handled.
enum class PgFailure
{
    None,
    Transient, ///< connection refused or lost, timeout, serialization failure, deadlock, shutdown
    Permanent, ///< central refuses this for good (a constraint, a rule): dead-letter it
};

/// A libpq connection to central, owned by one thread. Qt's PostgreSQL driver sends one row per
/// round trip and has neither COPY nor multi-statement strings; the sync engine needs both.
class PgConnection final
{
    Q_DISABLE_COPY_MOVE(PgConnection)
public:
    PgConnection() = default;
    ~PgConnection();

    /// Connects with a bounded timeout and TCP keepalives, so a dead link is noticed in seconds.
    bool connect(const QString &conninfo);
    void disconnect();
    bool isConnected() const;
    int socket() const;

    /// Runs SQL text (one or several statements, simple protocol). On failure, lastError() and
    /// failure() say what happened.
    bool exec(const QByteArray &sql);
    /// Runs SQL and returns the rows of its last statement as text (NULL as a null QString).
    /// Parameters ($1, $2, ... in `sql`) are sent apart from the statement's text as text
    /// values (the extended protocol, one statement only): a value never becomes part of the
    /// SQL. Without parameters, several statements may go in one round trip.
    std::optional<QList<QList<QString>>> query(const QByteArray &sql,
                                               const QList<QByteArray> &parameters = {});
    /// COPY ... FROM STDIN with already formatted text-format data. Other statements may come
    /// before the COPY in `copyStatement`: they run first, in the same round trip.
    bool copyIn(const QByteArray &copyStatement, const QByteArray &data);
    /// The same, with more data after `data` from `more`, which fills its argument with the next
    /// piece and returns false when there is none.
    bool copyIn(const QByteArray &copyStatement, const QByteArray &data,
                const std::function<bool(QByteArray &)> &more);
    /// Rolls the open transaction back, keeping lastError(), lastSqlState() and failure() of the
    /// statement that failed.
    void rollback();
    /// Reads pending NOTIFY messages; returns how many came from other sessions (this session's
    /// own commits notify it too: those are not news).
    int drainNotifications();

    QString lastError() const { return m_lastError; }
    QString lastSqlState() const { return m_lastSqlState; }
    PgFailure failure() const { return m_failure; }

    /// Quotes a value as a SQL string literal, in the form PQescapeLiteral produces.
    static void appendLiteral(QByteArray &out, QStringView text);
    /// Escapes a value for COPY text format.
    static void appendCopyField(QByteArray &out, const QString &text, bool isNull);
    /// The same for text already in UTF-8 (never null).
    static void appendCopyText(QByteArray &out, QByteArrayView utf8);
    /// A transient SQLSTATE: connection exceptions, serialization failure, deadlock, shutdown,
    /// too many connections, out of resources.
    static bool isTransientState(const QString &sqlState);

private:
    bool fail(pg_result *result);

    pg_conn *m_conn = nullptr;
    QString m_lastError;
    QString m_lastSqlState;
    PgFailure m_failure = PgFailure::None;
};

} // namespace ops
