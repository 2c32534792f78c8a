#include "centralapplier.h"

#include "faultpoints.h"
#include "logging.h"
#include "schema.h"

#include <QJsonDocument>

#include <cmath>
#include <future>

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

/// "INSERT INTO opsdb.<table> (<columns>) VALUES ": the head of a multi-row INSERT.
QByteArray multiRowInsertHead(const QString &table, const QStringList &columns)
{
    return "INSERT INTO opsdb." + table.toLatin1() + " (" +
           columns.join(QLatin1Char(',')).toLatin1() + ") VALUES ";
}

/// "(<values>)" of a single create; records the id it creates for later references.
QByteArray createRow(const Step &step, const schema::Table &table, QHash<QString, QString> &created)
{
    QByteArray row = "(";
    bool first = true;
    for (auto it = step.values.begin(); it != step.values.end(); ++it) {
        if (!std::exchange(first, false))
            row.append(',');
        appendJsonValue(row, resolveReference(it.value(), created), typeOf(table, it.key()));
    }
    row.append(')');
    created.insert(step.stepId, step.values.value(QLatin1StringView("id")).toString());
    return row;
}

/// "(<values>),(<values>)..." of a bulk sent as INSERT.
void appendBulkRows(QByteArray &sql, const Step &step, const schema::Table &table)
{
    QList<ColumnType> types;
    for (const QString &c : step.columns)
        types << typeOf(table, c);
    RowBlock::Row row;
    for (qsizetype r = 0; r < step.rows.size(); ++r) {
        sql.append(r ? ",(" : "(");
        step.rows.read(r, row);
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (c)
                sql.append(',');
            appendVariant(sql, row[c].toVariant(), types[c]);
        }
        sql.append(')');
    }
}

} // namespace

CentralApplier::CentralApplier(PgConnection &connection, QString site, QString consoleId)
    : m_pg(connection), m_site(std::move(site)), m_consoleId(std::move(consoleId))
{}

void CentralApplier::appendAppliedCopyRow(QByteArray &data, const Transaction &tx) const
{
    PgConnection::appendCopyField(data, tx.id, false);
    data.append('\t');
    PgConnection::appendCopyField(data, m_site, false);
    data.append('\t');
    PgConnection::appendCopyField(data, m_consoleId, false);
    data.append('\t').append(QByteArray::number(tx.steps.size())).append('\t');
    PgConnection::appendCopyField(data, tx.kind, false);
    data.append('\n');
}

void CentralApplier::appendStep(QByteArray &sql, const Step &step,
                                QHash<QString, QString> &created) const
{
    const schema::Table &table = *schema::table(step.table);
    const QByteArray name = "opsdb." + step.table.toLatin1();
    switch (step.op) {
    case Step::Op::Create:
    case Step::Op::BulkCreate:
        // Not here: compileUnit() writes creates, joining consecutive ones, or sends them by COPY.
        Q_ASSERT(false);
        return;
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

void CentralApplier::appendCopyRows(QByteArray &data, const Step &step, qsizetype from,
                                    qsizetype to)
{
    const schema::Table &table = *schema::table(step.table);
    QList<ColumnType> types;
    for (const QString &c : step.columns)
        types << typeOf(table, c);
    data.reserve(data.size() + (to - from) * 220);
    RowBlock::Row row;
    for (qsizetype r = from; r < to; ++r) {
        step.rows.read(r, row);
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (c)
                data.append('\t');
            const PlainValue &v = row[c];
            if (v.isNull())
                data.append("\\N");
            else if (types[c] == ColumnType::Real)
                data.append(QByteArray::number(
                    v.kind == PlainValue::Kind::Double ? v.number : v.toVariant().toDouble(), 'g',
                    17));
            else if (types[c] == ColumnType::Integer)
                data.append(QByteArray::number(
                    v.kind == PlainValue::Kind::Integer ? v.integer : v.toVariant().toLongLong()));
            else if (v.kind == PlainValue::Kind::Text)
                PgConnection::appendCopyText(data, v.text);
            else
                PgConnection::appendCopyField(data, v.toString(), false);
        }
        data.append('\n');
    }
}

QList<CentralApplier::Command> CentralApplier::compileUnit(const Unit &unit) const
{
    // Statements keep the transactions' order. The rows of consecutive bulk creates into the same
    // table and columns, across transactions, travel in one COPY; consecutive creates and small
    // bulks (a start is a bulk of one row) into the same table and columns share one multi-row
    // INSERT. The applied_transaction rows are
    // independent of everything else and go last, in one COPY.
    QList<Command> commands;
    QByteArray sql = "BEGIN;\n";
    QByteArray insertHead; // the multi-row INSERT still open at the end of `sql`
    QByteArray appliedRows;
    QString copyTable;
    QStringList copyColumns;
    QByteArray copyData;
    QList<const Step *> streamed;
    const auto closeInsert = [&] {
        if (!insertHead.isEmpty())
            sql.append(";\n");
        insertHead.clear();
    };
    const auto flushSql = [&] {
        closeInsert();
        if (!sql.isEmpty())
            commands.append({std::exchange(sql, {}), {}, false, {}});
    };
    const auto flushCopy = [&] {
        if (!copyData.isEmpty() || !streamed.isEmpty())
            commands.append({"COPY opsdb." + copyTable.toLatin1() + " (" +
                                 copyColumns.join(QLatin1Char(',')).toLatin1() + ") FROM STDIN",
                             std::exchange(copyData, {}), true, std::exchange(streamed, {})});
    };
    for (const OutboxEntry *entry : unit) {
        appendAppliedCopyRow(appliedRows, entry->tx);
        QHash<QString, QString> created;
        for (const Step &step : entry->tx.steps) {
            if (step.op == Step::Op::BulkCreate && step.rows.size() >= kCopyFromRows) {
                if ((!copyData.isEmpty() || !streamed.isEmpty()) &&
                    (copyTable != step.table || copyColumns != step.columns))
                    flushCopy();
                // What came before this bulk runs before its rows.
                flushSql();
                copyTable = step.table;
                copyColumns = step.columns;
                // Rows keep their order: once one step streams, the rest of the COPY does too.
                if (step.rows.size() > kMaxUnitRows || !streamed.isEmpty())
                    streamed.append(&step);
                else
                    appendCopyRows(copyData, step, 0, step.rows.size());
                continue;
            }
            flushCopy();
            if (step.op == Step::Op::Create || step.op == Step::Op::BulkCreate) {
                const bool single = step.op == Step::Op::Create;
                const QByteArray head =
                    multiRowInsertHead(step.table, single ? step.values.keys() : step.columns);
                if (head == insertHead) {
                    sql.append(',');
                } else {
                    closeInsert();
                    sql.append(head);
                    insertHead = head;
                }
                if (single)
                    sql.append(createRow(step, *schema::table(step.table), created));
                else
                    appendBulkRows(sql, step, *schema::table(step.table));
                continue;
            }
            closeInsert();
            appendStep(sql, step, created);
        }
    }
    flushCopy();
    flushSql();
    commands.append({"COPY opsdb.applied_transaction (id, site, console_id, step_count, kind) "
                     "FROM STDIN",
                     appliedRows,
                     true,
                     {}});
    return commands;
}

bool CentralApplier::sendCopy(const QByteArray &statement, const Command &command)
{
    constexpr qsizetype kPieceRows = 4000; // ~1 MB of COPY text
    qsizetype step = 0;
    qsizetype row = 0;
    return m_pg.copyIn(statement, command.copyData, [&](QByteArray &piece) {
        piece.clear();
        while (step < command.streamedSteps.size() &&
               row == command.streamedSteps[step]->rows.size()) {
            ++step;
            row = 0;
        }
        if (step == command.streamedSteps.size())
            return false;
        const Step &s = *command.streamedSteps[step];
        const qsizetype to = std::min(row + kPieceRows, s.rows.size());
        appendCopyRows(piece, s, row, to);
        row = to;
        return true;
    });
}

bool CentralApplier::executeUnit(const QList<Command> &commands)
{
    for (qsizetype i = 0; i < commands.size(); ++i) {
        const Command &command = commands[i];
        bool ok = true;
        if (command.isCopy) {
            faultPoint("mid-batch");
            ok = sendCopy(command.sql, command);
        } else if (i + 1 < commands.size() && commands[i + 1].isCopy) {
            // SQL text and the COPY after it travel in one message: the server runs the
            // statements, then waits for the rows. One round trip fewer per bulk, which on the
            // telescope's link is a quarter second.
            faultPoint("mid-batch");
            ok = sendCopy(command.sql + commands[i + 1].sql, commands[i + 1]);
            ++i;
        } else {
            ok = m_pg.exec(command.sql);
        }
        if (!ok) {
            m_pg.rollback();
            return false;
        }
    }
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

    // Runs of transactions up to kMaxUnitRows rows each; one larger than that goes alone (it is
    // all-or-nothing by itself).
    QList<Unit> units;
    Unit current;
    qsizetype currentRows = 0;
    for (const OutboxEntry &entry : batch) {
        if (already.contains(entry.id)) {
            outcome.applied.append(entry);
            continue;
        }
        const qsizetype rows = entry.tx.rowCount();
        if (!current.isEmpty() && currentRows + rows > kMaxUnitRows) {
            units.append(std::exchange(current, {}));
            currentRows = 0;
        }
        current.append(&entry);
        currentRows += rows;
    }
    if (!current.isEmpty())
        units.append(current);

    // Central applies one unit while the next one's text is built on a worker thread: the two
    // overlap instead of taking turns.
    const auto compileAhead = [this](const Unit &unit) {
        return std::async(std::launch::async, [this, unit] { return compileUnit(unit); });
    };
    std::future<QList<Command>> next;
    if (!units.isEmpty())
        next = compileAhead(units.first());
    for (qsizetype i = 0; i < units.size(); ++i) {
        const QList<Command> commands = next.get();
        if (i + 1 < units.size())
            next = compileAhead(units[i + 1]);
        if (executeUnit(commands)) {
            for (const OutboxEntry *e : units[i])
                outcome.applied.append(*e);
            continue;
        }
        if (m_pg.failure() == PgFailure::Transient) {
            outcome.transient = true;
            outcome.error = m_pg.lastError();
            return outcome;
        }
        // Refused: find which one, applying them one by one up to it.
        for (const OutboxEntry *e : units[i]) {
            if (applyUnit({e})) {
                outcome.applied.append(*e);
                continue;
            }
            outcome.transient = m_pg.failure() == PgFailure::Transient;
            outcome.error = m_pg.lastError();
            if (!outcome.transient)
                outcome.refusedSeq = e->seq;
            return outcome;
        }
    }
    return outcome;
}

} // namespace ops
