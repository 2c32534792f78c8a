#include "centralapplier.h"

#include "faultpoints.h"
#include "logging.h"
#include "schema.h"

#include <QJsonDocument>

#include <cmath>

namespace ops {

namespace {

using schema::ColumnType;

void appendNumber(QByteArray &sql, double value)
{
    sql.append(std::isfinite(value) ? QByteArray::number(value, 'g', 17) : QByteArray("NULL"));
}

const char *castFor(ColumnType type)
{
    switch (type) {
    case ColumnType::Uuid:
        return "::uuid";
    case ColumnType::Timestamp:
        return "::timestamptz";
    case ColumnType::Json:
        return "::jsonb";
    default:
        return "";
    }
}

void appendJsonValue(QByteArray &sql, const QJsonValue &value, ColumnType type)
{
    if (value.isNull() || value.isUndefined()) {
        sql.append("NULL");
        return;
    }
    switch (type) {
    case ColumnType::Integer:
        sql.append(QByteArray::number(value.toInteger()));
        return;
    case ColumnType::Real:
        appendNumber(sql, value.toDouble());
        return;
    case ColumnType::Json:
        PgConnection::appendLiteral(
            sql, QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
        break;
    default:
        PgConnection::appendLiteral(sql, value.toString());
    }
    sql.append(castFor(type));
}

void appendVariant(QByteArray &sql, const QVariant &value, ColumnType type)
{
    if (value.isNull()) {
        sql.append("NULL");
        return;
    }
    switch (type) {
    case ColumnType::Integer:
        sql.append(QByteArray::number(value.toLongLong()));
        return;
    case ColumnType::Real:
        appendNumber(sql, value.toDouble());
        return;
    default:
        PgConnection::appendLiteral(sql, value.toString());
    }
    sql.append(castFor(type));
}

ColumnType typeOf(const schema::Table &table, const QString &column)
{
    return table.column(QLatin1StringView(column.toLatin1()))->type;
}

QByteArray uuidArray(const QStringList &ids)
{
    QByteArray out = "ARRAY[";
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i)
            out.append(',');
        PgConnection::appendLiteral(out, ids[i]);
    }
    out.append("]::uuid[]");
    return out;
}

qsizetype rowCount(const Transaction &tx)
{
    qsizetype rows = 0;
    for (const Step &s : tx.steps)
        rows += s.op == Step::Op::BulkCreate ? s.rows.size() : 1;
    return rows;
}

} // namespace

CentralApplier::CentralApplier(PgConnection &connection, QString site, QString consoleId)
    : m_pg(connection), m_site(std::move(site)), m_consoleId(std::move(consoleId))
{}

void CentralApplier::appendAppliedRow(QByteArray &sql, const Transaction &tx) const
{
    sql.append(
        "INSERT INTO opsdb.applied_transaction (id, site, console_id, step_count, kind) VALUES (");
    PgConnection::appendLiteral(sql, tx.id);
    sql.append("::uuid,");
    PgConnection::appendLiteral(sql, m_site);
    sql.append(',');
    PgConnection::appendLiteral(sql, m_consoleId);
    sql.append(',').append(QByteArray::number(tx.steps.size())).append(',');
    PgConnection::appendLiteral(sql, tx.kind);
    sql.append(");\n");
}

void CentralApplier::appendStep(QByteArray &sql, const Step &step,
                                QHash<QString, QString> &created) const
{
    const schema::Table &table = *schema::table(step.table);
    const QByteArray name = "opsdb." + step.table.toLatin1();
    switch (step.op) {
    case Step::Op::Create: {
        const QStringList columns = step.values.keys();
        sql.append("INSERT INTO ")
            .append(name)
            .append(" (")
            .append(columns.join(QLatin1Char(',')).toLatin1())
            .append(") VALUES (");
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i)
                sql.append(',');
            appendJsonValue(sql, resolveReference(step.values.value(columns[i]), created),
                            typeOf(table, columns[i]));
        }
        sql.append(");\n");
        created.insert(step.stepId, step.values.value(QLatin1StringView("id")).toString());
        return;
    }
    case Step::Op::BulkCreate: {
        QList<ColumnType> types;
        for (const QString &c : step.columns)
            types << typeOf(table, c);
        const QByteArray head = "INSERT INTO " + name + " (" +
                                step.columns.join(QLatin1Char(',')).toLatin1() + ") VALUES ";
        constexpr qsizetype kRowsPerStatement = 1000;
        for (qsizetype r = 0; r < step.rows.size(); ++r) {
            sql.append(r % kRowsPerStatement == 0 ? head : QByteArray(","));
            sql.append('(');
            const QVariantList &row = step.rows[r];
            for (qsizetype c = 0; c < row.size(); ++c) {
                if (c)
                    sql.append(',');
                appendVariant(sql, row[c], types[c]);
            }
            sql.append(')');
            if (r % kRowsPerStatement == kRowsPerStatement - 1 || r == step.rows.size() - 1)
                sql.append(";\n");
        }
        return;
    }
    case Step::Op::Update:
    case Step::Op::BulkUpdate: {
        // The update and its check run as one statement: the check sees how many rows matched
        // the precondition and, if not all, raises with what central holds (opsdb.require_state).
        sql.append("WITH u AS (UPDATE ").append(name).append(" SET ");
        bool first = true;
        for (auto it = step.values.begin(); it != step.values.end(); ++it) {
            if (!std::exchange(first, false))
                sql.append(',');
            sql.append(it.key().toLatin1()).append('=');
            appendJsonValue(sql, resolveReference(it.value(), created), typeOf(table, it.key()));
        }
        for (auto it = step.merge.begin(); it != step.merge.end(); ++it) {
            if (!std::exchange(first, false))
                sql.append(',');
            sql.append(it.key().toLatin1()).append('=').append(it.key().toLatin1()).append(" || ");
            appendJsonValue(sql, it.value(), ColumnType::Json);
        }
        const QByteArray ids = uuidArray(step.ids);
        sql.append(" WHERE id = ANY(").append(ids).append(')');
        QByteArray checkColumn = "NULL";
        QByteArray allowedText = "NULL";
        for (auto it = step.expect.begin(); it != step.expect.end(); ++it) {
            const QByteArray column = it.key().toLatin1();
            const ColumnType type = typeOf(table, it.key());
            QByteArray values;
            bool allowsNull = false;
            QStringList shown;
            for (const QJsonValue &allowed : it.value().toArray()) {
                if (allowed.isNull()) {
                    allowsNull = true;
                    shown << QStringLiteral("null");
                    continue;
                }
                if (!values.isEmpty())
                    values.append(',');
                appendJsonValue(values, allowed, type);
                shown << allowed.toVariant().toString();
            }
            sql.append(" AND (");
            if (!values.isEmpty())
                sql.append(column).append(" IN (").append(values).append(')');
            if (allowsNull)
                sql.append(values.isEmpty() ? "" : " OR ").append(column).append(" IS NULL");
            sql.append(')');
            if (checkColumn == "NULL") {
                checkColumn.clear();
                PgConnection::appendLiteral(checkColumn, it.key());
                allowedText.clear();
                PgConnection::appendLiteral(allowedText, shown.join(QLatin1StringView(" or ")));
            }
        }
        sql.append(" RETURNING 1) SELECT opsdb.require_state((SELECT count(*) FROM u), ")
            .append(QByteArray::number(step.ids.size()))
            .append(", ");
        PgConnection::appendLiteral(sql, step.table);
        sql.append(", ")
            .append(ids)
            .append(", ")
            .append(checkColumn)
            .append(", ")
            .append(allowedText)
            .append(");\n");
        return;
    }
    }
}

QByteArray CentralApplier::sqlFor(const Transaction &tx) const
{
    QByteArray sql;
    sql.reserve(256 + rowCount(tx) * 200);
    appendAppliedRow(sql, tx);
    QHash<QString, QString> created;
    for (const Step &step : tx.steps)
        appendStep(sql, step, created);
    return sql;
}

void CentralApplier::appendCopyRows(QByteArray &data, const Step &step)
{
    const schema::Table &table = *schema::table(step.table);
    QList<ColumnType> types;
    for (const QString &c : step.columns)
        types << typeOf(table, c);
    data.reserve(data.size() + step.rows.size() * 220);
    for (const QVariantList &row : step.rows) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (c)
                data.append('\t');
            const QVariant &v = row[c];
            if (!v.isNull() && types[c] == ColumnType::Real)
                data.append(QByteArray::number(v.toDouble(), 'g', 17));
            else
                PgConnection::appendCopyField(data, v.toString(), v.isNull());
        }
        data.append('\n');
    }
}

bool CentralApplier::applyUnit(const QList<const OutboxEntry *> &unit)
{
    // One PostgreSQL transaction for the whole unit. Statements run in the transactions' order;
    // the rows of consecutive bulk creates into the same table and columns, across transactions,
    // travel in one COPY. The applied_transaction rows are independent of everything else and go
    // last, in the same transaction.
    QByteArray sql = "BEGIN;\n";
    QByteArray appliedRows;
    QString copyTable;
    QStringList copyColumns;
    QByteArray copyData;
    const auto fail = [this] {
        m_pg.rollback();
        return false;
    };
    const auto flushSql = [&] {
        if (sql.isEmpty())
            return true;
        const bool ok = m_pg.exec(sql);
        sql.clear();
        return ok;
    };
    const auto flushCopy = [&] {
        if (copyData.isEmpty())
            return true;
        faultPoint("mid-batch");
        const bool ok =
            m_pg.copyIn("COPY opsdb." + copyTable.toLatin1() + " (" +
                            copyColumns.join(QLatin1Char(',')).toLatin1() + ") FROM STDIN",
                        copyData);
        copyData.clear();
        return ok;
    };
    for (const OutboxEntry *entry : unit) {
        appendAppliedRow(appliedRows, entry->tx);
        QHash<QString, QString> created;
        for (const Step &step : entry->tx.steps) {
            if (step.op == Step::Op::BulkCreate && step.rows.size() >= kCopyFromRows) {
                if (!copyData.isEmpty() && (copyTable != step.table || copyColumns != step.columns))
                    if (!flushCopy())
                        return fail();
                // What came before this bulk runs before its rows.
                if (!flushSql())
                    return fail();
                copyTable = step.table;
                copyColumns = step.columns;
                appendCopyRows(copyData, step);
                continue;
            }
            if (!flushCopy())
                return fail();
            appendStep(sql, step, created);
        }
    }
    if (!flushCopy())
        return fail();
    sql += appliedRows;
    if (!flushSql())
        return fail();
    faultPoint("before-central-commit");
    if (!m_pg.exec("COMMIT"))
        return false;
    faultPoint("after-central-commit");
    return true;
}

CentralApplier::Outcome CentralApplier::apply(const QList<OutboxEntry> &batch)
{
    Outcome outcome;
    if (batch.isEmpty())
        return outcome;
    // Which of these did central already commit (a crash after its commit, before our mark)?
    QStringList ids;
    for (const OutboxEntry &e : batch)
        ids << e.id;
    const auto done = m_pg.query("SELECT id::text FROM opsdb.applied_transaction WHERE id = ANY(" +
                                 uuidArray(ids) + ")");
    if (!done) {
        outcome.transient = m_pg.failure() != PgFailure::Permanent;
        outcome.error = m_pg.lastError();
        return outcome;
    }
    QSet<QString> already;
    for (const auto &row : *done)
        already.insert(row.value(0));

    constexpr qsizetype kMaxUnitRows = 20000;
    QList<const OutboxEntry *> unit;
    qsizetype unitRows = 0;
    const auto flush = [&]() -> bool {
        if (unit.isEmpty())
            return true;
        if (applyUnit(unit)) {
            for (const OutboxEntry *e : unit)
                outcome.applied.append(*e);
            unit.clear();
            unitRows = 0;
            return true;
        }
        if (m_pg.failure() == PgFailure::Transient) {
            outcome.transient = true;
            outcome.error = m_pg.lastError();
            return false;
        }
        // Refused: find which one, applying them one by one up to it.
        const QList<const OutboxEntry *> tried = unit;
        unit.clear();
        unitRows = 0;
        for (const OutboxEntry *e : tried) {
            if (applyUnit({e})) {
                outcome.applied.append(*e);
                continue;
            }
            outcome.transient = m_pg.failure() == PgFailure::Transient;
            outcome.error = m_pg.lastError();
            if (!outcome.transient)
                outcome.refusedSeq = e->seq;
            return false;
        }
        return true;
    };

    for (const OutboxEntry &entry : batch) {
        if (already.contains(entry.id)) {
            outcome.applied.append(entry);
            continue;
        }
        // A transaction larger than a unit goes alone (it is all-or-nothing by itself).
        if (rowCount(entry.tx) >= kMaxUnitRows) {
            if (!flush())
                return outcome;
            if (applyUnit({&entry})) {
                outcome.applied.append(entry);
                continue;
            }
            outcome.transient = m_pg.failure() == PgFailure::Transient;
            outcome.error = m_pg.lastError();
            if (!outcome.transient)
                outcome.refusedSeq = entry.seq;
            return outcome;
        }
        unit.append(&entry);
        unitRows += rowCount(entry.tx);
        if (unitRows >= kMaxUnitRows && !flush())
            return outcome;
    }
    flush();
    return outcome;
}

} // namespace ops
