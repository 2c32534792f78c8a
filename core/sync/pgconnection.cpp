#include "pgconnection.h"

#include <algorithm>

#include "logging.h"

#include <libpq-fe.h>

namespace ops {

PgConnection::~PgConnection()
{
    disconnect();
}

namespace {
/// libpq's messages span lines ("...failed: Connection refused\n\tIs the server running...");
/// every report of ours is one line.
QString oneLine(const QString &message)
{
    return message.simplified();
}
} // namespace

bool PgConnection::connect(const QString &conninfo)
{
    disconnect();
    // Explicit bounds: a link that drops out must turn into an error within seconds, never hang.
    const QByteArray info = conninfo.toUtf8();
    const char *keys[] = {"dbname",
                          "connect_timeout",
                          "keepalives",
                          "keepalives_idle",
                          "keepalives_interval",
                          "keepalives_count",
                          "application_name",
                          nullptr};
    const char *values[] = {info.constData(), "5", "1", "10", "3", "3", "opsconsole", nullptr};
    m_conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        m_lastError = oneLine(QString::fromUtf8(PQerrorMessage(m_conn)));
        m_lastSqlState.clear();
        m_failure = PgFailure::Transient;
        PQfinish(m_conn);
        m_conn = nullptr;
        return false;
    }
    // Notices ("schema already exists, skipping") are not errors; keep them off stderr.
    PQsetNoticeProcessor(
        m_conn, [](void *, const char *) {}, nullptr);
    // A statement that hangs (a lock held elsewhere, a stalled link) is cut off and retried.
    // Literals are quoted for standard_conforming_strings = on (see appendLiteral); a server or
    // role configured otherwise must not turn a backslash in a file name into SQL.
    const auto settings =
        query("SET statement_timeout = '120s'; SET lock_timeout = '30s'; SET "
              "idle_in_transaction_session_timeout = '120s'; SET "
              "standard_conforming_strings = on; SHOW standard_conforming_strings");
    if (!settings || settings->value(0).value(0) != QLatin1StringView("on")) {
        m_lastError = settings ? QStringLiteral("central: standard_conforming_strings stays off")
                               : m_lastError;
        m_failure = PgFailure::Transient;
        disconnect();
        return false;
    }
    m_failure = PgFailure::None;
    return true;
}

void PgConnection::disconnect()
{
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
}

bool PgConnection::isConnected() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

int PgConnection::socket() const
{
    return m_conn ? PQsocket(m_conn) : -1;
}

bool PgConnection::isTransientState(const QString &state)
{
    return state.startsWith(QLatin1StringView("08")) || state == QLatin1StringView("40001") ||
           state == QLatin1StringView("40P01") || state.startsWith(QLatin1StringView("57P")) ||
           state.startsWith(QLatin1StringView("53")) || state == QLatin1StringView("57014") ||
           state == QLatin1StringView("55P03") || state == QLatin1StringView("25P03") ||
           state == QLatin1StringView("25006") || state.startsWith(QLatin1StringView("58")) ||
           state == QLatin1StringView("55006");
}

bool PgConnection::fail(pg_result *result)
{
    m_lastSqlState =
        result ? QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QString();
    const char *primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char *detail = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    m_lastError = oneLine(primary ? QString::fromUtf8(primary)
                                  : QString::fromUtf8(m_conn ? PQerrorMessage(m_conn) : ""));
    if (detail)
        m_lastError += QStringLiteral(" (%1)").arg(QString::fromUtf8(detail));
    // A lost connection has no SQLSTATE of its own: it is the most transient failure of all.
    const bool lost = !m_conn || PQstatus(m_conn) != CONNECTION_OK || m_lastSqlState.isEmpty();
    m_failure =
        lost || isTransientState(m_lastSqlState) ? PgFailure::Transient : PgFailure::Permanent;
    if (result)
        PQclear(result);
    if (lost)
        disconnect();
    return false;
}

bool PgConnection::exec(const QByteArray &sql)
{
    if (!m_conn) {
        m_lastError = QStringLiteral("not connected to central");
        m_failure = PgFailure::Transient;
        return false;
    }
    // PQexec with several statements returns the last result; an error stops at once and is it.
    PGresult *result = PQexec(m_conn, sql.constData());
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return fail(result);
    PQclear(result);
    m_failure = PgFailure::None;
    return true;
}

namespace {
QList<QList<QString>> rowsOf(PGresult *result)
{
    QList<QList<QString>> rows;
    const int rowCount = PQntuples(result);
    const int columnCount = PQnfields(result);
    rows.reserve(rowCount);
    for (int r = 0; r < rowCount; ++r) {
        QList<QString> row;
        row.reserve(columnCount);
        for (int c = 0; c < columnCount; ++c)
            row.append(PQgetisnull(result, r, c) ? QString()
                                                 : QString::fromUtf8(PQgetvalue(result, r, c)));
        rows.append(row);
    }
    return rows;
}
} // namespace

std::optional<QList<QList<QString>>> PgConnection::query(const QByteArray &sql,
                                                         const QList<QByteArray> &parameters)
{
    if (!m_conn) {
        m_lastError = QStringLiteral("not connected to central");
        m_failure = PgFailure::Transient;
        return std::nullopt;
    }
    // Without parameters the simple protocol is used, which (unlike the extended one) takes
    // several statements in one round trip: connect() sets up a session that way.
    PGresult *result = nullptr;
    if (parameters.isEmpty()) {
        result = PQexec(m_conn, sql.constData());
    } else {
        std::vector<const char *> values;
        values.reserve(parameters.size());
        for (const QByteArray &p : parameters)
            values.push_back(p.constData());
        result = PQexecParams(m_conn, sql.constData(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0);
    }
    if (!result || PQresultStatus(result) != PGRES_TUPLES_OK) {
        fail(result);
        return std::nullopt;
    }
    QList<QList<QString>> rows = rowsOf(result);
    PQclear(result);
    m_failure = PgFailure::None;
    return rows;
}

bool PgConnection::copyIn(const QByteArray &copyStatement, const QByteArray &data)
{
    return copyIn(copyStatement, data, [](QByteArray &) { return false; });
}

bool PgConnection::copyIn(const QByteArray &copyStatement, const QByteArray &data,
                          const std::function<bool(QByteArray &)> &more)
{
    if (!m_conn) {
        m_lastError = QStringLiteral("not connected to central");
        m_failure = PgFailure::Transient;
        return false;
    }
    PGresult *start = PQexec(m_conn, copyStatement.constData());
    if (!start || PQresultStatus(start) != PGRES_COPY_IN)
        return fail(start);
    PQclear(start);
    constexpr qsizetype kChunk = 1 << 20;
    for (qsizetype at = 0; at < data.size(); at += kChunk)
        if (PQputCopyData(m_conn, data.constData() + at,
                          static_cast<int>(std::min(kChunk, data.size() - at))) != 1)
            return fail(nullptr);
    QByteArray piece;
    while (more(piece))
        if (!piece.isEmpty() &&
            PQputCopyData(m_conn, piece.constData(), static_cast<int>(piece.size())) != 1)
            return fail(nullptr);
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        return fail(nullptr);
    PGresult *end = PQgetResult(m_conn);
    const bool ok = end && PQresultStatus(end) == PGRES_COMMAND_OK;
    if (!ok)
        fail(end);
    else
        PQclear(end);
    while (PGresult *rest = PQgetResult(m_conn))
        PQclear(rest);
    if (ok)
        m_failure = PgFailure::None;
    return ok;
}

int PgConnection::drainNotifications()
{
    if (!m_conn)
        return 0;
    if (PQconsumeInput(m_conn) != 1) {
        m_lastError = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        m_failure = PgFailure::Transient;
        disconnect();
        return 0;
    }
    int count = 0;
    const int self = PQbackendPID(m_conn);
    while (PGnotify *notify = PQnotifies(m_conn)) {
        count += notify->be_pid != self ? 1 : 0;
        PQfreemem(notify);
    }
    return count;
}

void PgConnection::rollback()
{
    // The failure that made us roll back is what the caller must judge, not the ROLLBACK's own
    // success: keep it.
    const QString error = m_lastError;
    const QString state = m_lastSqlState;
    const PgFailure failure = m_failure;
    if (m_conn)
        PQclear(PQexec(m_conn, "ROLLBACK"));
    m_lastError = error;
    m_lastSqlState = state;
    m_failure = failure;
}

void PgConnection::appendLiteral(QByteArray &out, QStringView text)
{
    // The escape-string form, as PQescapeLiteral writes it: correct whatever
    // standard_conforming_strings says. Input never holds NUL (refused up front, CONTRACT §6).
    const QByteArray utf8 = text.toUtf8();
    const bool backslash = utf8.contains('\\');
    out.append(backslash ? " E'" : "'");
    for (const char c : utf8) {
        if (c == '\'')
            out.append("''");
        else if (c == '\\')
            out.append("\\\\");
        else if (c != '\0')
            out.append(c);
    }
    out.append('\'');
}

void PgConnection::appendCopyField(QByteArray &out, const QString &text, bool isNull)
{
    if (isNull) {
        out.append("\\N");
        return;
    }
    appendCopyText(out, text.toUtf8());
}

void PgConnection::appendCopyText(QByteArray &out, QByteArrayView utf8)
{
    // Most values (UUIDs, paths, checksums) need no escape: appended whole.
    const auto special = [](char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
    };
    if (std::none_of(utf8.cbegin(), utf8.cend(), special)) {
        out.append(utf8);
        return;
    }
    for (const char c : utf8) {
        switch (c) {
        case '\\':
            out.append("\\\\");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\0':
            break;
        default:
            out.append(c);
        }
    }
}

} // namespace ops
