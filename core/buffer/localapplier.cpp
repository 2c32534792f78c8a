#include "localapplier.h"

#include "jsonfields.h"
#include "schema.h"
#include "sqlsupport.h"

#include <QJsonDocument>
#include <QScopeGuard>
#include <QSqlDriver>

#include <QSqlError>
#include <QSqlQuery>
#include <sqlite3.h>

#include <vector>

namespace ops {

namespace {
QString columnList(const QStringList &columns)
{
    return columns.join(QLatin1StringView(", "));
}

QString placeholders(qsizetype count)
{
    QStringList marks(count, QStringLiteral("?"));
    return marks.join(QLatin1StringView(", "));
}

// "UNIQUE constraint failed: raw_data_file.executed_obs_unit_id, raw_data_file.relative_path"
// -> the columns that clashed, so the refusal can name them and their values.
QStringList clashingColumns(const QSqlQuery &query)
{
    QString text = query.lastError().databaseText();
    const auto colon = text.indexOf(QLatin1Char(':'));
    QStringList columns;
    for (const QString &qualified : text.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts))
        columns << qualified.trimmed().section(QLatin1Char('.'), -1);
    return columns;
}
} // namespace

LocalApplier::LocalApplier(QSqlDatabase db, qint64 seq, std::optional<Replay> replay,
                           std::optional<CreateHash> createHash)
    : m_db(std::move(db)), m_seq(seq), m_replay(std::move(replay)),
      m_createHash(std::move(createHash))
{}

QVariant LocalApplier::toSqlValue(const QJsonValue &value, int columnType)
{
    if (value.isNull() || value.isUndefined())
        return QVariant();
    switch (static_cast<schema::ColumnType>(columnType)) {
    case schema::ColumnType::Integer:
        return value.toInteger();
    case schema::ColumnType::Real:
        return value.toDouble();
    case schema::ColumnType::Json:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return value.toString();
    }
}

namespace {
/// The upsert of central's version of a row, per table, built once: it runs for every pulled row.
/// An upsert, not a replace: the row keeps its local bookkeeping (the create request's hash, the
/// transaction that made it), and indexes are only touched where values changed.
const QString &centralUpsertSql(const schema::Table &table)
{
    static const QHash<QLatin1StringView, QString> statements = [] {
        QHash<QLatin1StringView, QString> built;
        for (const schema::Table &t : schema::tables()) {
            QStringList names, updates, key;
            for (const schema::Column &c : t.columns) {
                names << QString(c.name);
                updates << QString(c.name) + QStringLiteral(" = excluded.") + QString(c.name);
            }
            for (const QLatin1StringView k : t.key)
                key << QString(k);
            built.insert(t.name,
                         QStringLiteral("INSERT INTO %1 (%2, sync_state, change_seq) VALUES (%3, "
                                        "'synced', ?) ON CONFLICT (%4) DO UPDATE SET %5, "
                                        "sync_state = 'synced', change_seq = excluded.change_seq")
                             .arg(QString(t.name), columnList(names), placeholders(names.size()),
                                  key.join(QLatin1StringView(", ")),
                                  updates.join(QLatin1StringView(", "))));
        }
        return built;
    }();
    return statements.find(table.name).value();
}

/// The row unchanged but for central's change number: the number first, then the columns in the
/// schema's order. `IS`, so that NULL matches NULL. (Plain `?`: QtSql's prepare does not keep
/// SQLite's numbered `?NNN` apart.)
const QString &centralConfirmSql(const schema::Table &table)
{
    static const QHash<QLatin1StringView, QString> statements = [] {
        QHash<QLatin1StringView, QString> built;
        for (const schema::Table &t : schema::tables()) {
            QStringList same;
            for (const schema::Column &c : t.columns)
                same << QString(c.name) + (t.key.contains(c.name) ? QStringLiteral(" = ?")
                                                                  : QStringLiteral(" IS ?"));
            built.insert(t.name, QStringLiteral("UPDATE %1 SET change_seq = ?, sync_state = "
                                                "'synced' WHERE %2")
                                     .arg(QString(t.name), same.join(QLatin1StringView(" AND "))));
        }
        return built;
    }();
    return statements.find(table.name).value();
}

/// Binds a pulled row's values (toSqlValue's types) from parameter `first` on.
void bindCentralValues(sqlite3_stmt *statement, int first, const QVariantList &values,
                       std::vector<QByteArray> &text)
{
    for (int i = 0; i < values.size(); ++i) {
        const QVariant &value = values[i];
        switch (value.typeId()) {
        case QMetaType::UnknownType:
            sqlite3_bind_null(statement, first + i);
            break;
        case QMetaType::LongLong:
            sqlite3_bind_int64(statement, first + i, value.toLongLong());
            break;
        case QMetaType::Double:
            sqlite3_bind_double(statement, first + i, value.toDouble());
            break;
        default:
            sql::bindText(statement, first + i, value.toString(), text[i]);
        }
    }
}
} // namespace

Status LocalApplier::writeCentralRow(QSqlDatabase db, const QString &tableName,
                                     const QJsonObject &row, qint64 changeSeq)
{
    const schema::Table *table = schema::table(tableName);
    if (!table)
        return invalid(QStringLiteral("unknown table %1").arg(tableName));
    QVariantList values;
    values.reserve(table->columns.size());
    for (const schema::Column &c : table->columns)
        values << toSqlValue(row.value(c.name), static_cast<int>(c.type));
    return writeCentralValues(db, *table, values, changeSeq);
}

Status LocalApplier::writeCentralValues(QSqlDatabase db, const schema::Table &table,
                                        const QVariantList &values, qint64 changeSeq)
{
    // Bound through SQLite's own API, as creates are: the pull writes every row central changed,
    // the console's own included, inside the writers' turn that acknowledgments wait for.
    // Most such rows are this console's own, come back as it wrote them: only central's change
    // number is new. Matched on every column, an UPDATE of that number alone leaves the row's
    // indexes untouched; the upsert rewrites the row and every index entry (~35,000
    // instructions a row against ~10,000).
    auto confirm = sql::prepareCachedStatement(db, centralConfirmSql(table));
    if (!confirm)
        return confirm.error();
    std::vector<QByteArray> text(values.size());
    sqlite3_bind_int64(confirm.value(), 1, changeSeq);
    bindCentralValues(confirm.value(), 2, values, text);
    if (auto ran = sql::stepOnce(confirm.value(), QString(table.name)); !ran)
        return ran;
    if (sqlite3_changes(sqlite3_db_handle(confirm.value())) == 1)
        return success();
    auto upsert = sql::prepareCachedStatement(db, centralUpsertSql(table));
    if (!upsert)
        return upsert.error();
    bindCentralValues(upsert.value(), 1, values, text);
    sqlite3_bind_int64(upsert.value(), static_cast<int>(values.size()) + 1, changeSeq);
    return sql::stepOnce(upsert.value(), QString(table.name));
}

Result<LocalApplier::HeldRow> LocalApplier::heldRow(QSqlDatabase db, const schema::Table &table,
                                                    const QStringList &key)
{
    static const QHash<QLatin1StringView, QString> statements = [] {
        QHash<QLatin1StringView, QString> built;
        for (const schema::Table &t : schema::tables())
            built.insert(t.name, QStringLiteral("SELECT %3, change_seq FROM %1 t WHERE %2")
                                     .arg(QString(t.name),
                                          t.name == schema::kStagingJobPackage
                                              ? QStringLiteral("staging_job_id = ? AND "
                                                               "raw_data_package_id = ?")
                                              : QStringLiteral("id = ?"),
                                          schema::syncStateSql(QStringLiteral("t"))));
        return built;
    }();
    // Through SQLite's own API: the pull asks this for every row central changed, the console's
    // own included, inside the writers' turn (through QtSql, ~18,000 instructions a row more).
    auto prepared = sql::prepareCachedStatement(db, statements.find(table.name).value());
    if (!prepared)
        return prepared.error();
    sqlite3_stmt *statement = prepared.value();
    std::vector<QByteArray> text(key.size());
    for (int i = 0; i < key.size(); ++i)
        sql::bindText(statement, i + 1, key[i], text[i]);
    const int rc = sqlite3_step(statement);
    HeldRow held;
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_type(statement, 1) != SQLITE_NULL)
            held.changeSeq = sqlite3_column_int64(statement, 1);
        const auto *state = reinterpret_cast<const char *>(sqlite3_column_text(statement, 0));
        held.pendingHere = !state || qstrcmp(state, "synced") != 0;
    }
    const int code = sqlite3_extended_errcode(sqlite3_db_handle(statement));
    // Reset at once: a statement left open would pin this connection to an old snapshot.
    sql::release(statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql::directFailure(sqlite3_db_handle(statement), code, QString(table.name));
    return held;
}

Status LocalApplier::keepCentralBase(const schema::Table &table, const QString &id)
{
    if (auto kept = keepCentralRows(table, QStringLiteral("id"), id); !kept)
        return kept;
    // A staging job's links belong to it: a rebuild of the job (a pull, a discard) deletes and
    // restores them with it, so central's links are kept beside the job's own row.
    if (table.name == schema::kStagingJob)
        return keepCentralRows(*schema::table(schema::kStagingJobPackage),
                               QStringLiteral("staging_job_id"), id);
    return success();
}

Status LocalApplier::keepCentralRows(const schema::Table &table, const QString &recordColumn,
                                     const QString &recordId)
{
    QStringList names;
    for (const schema::Column &c : table.columns)
        names << QString(c.name);
    QSqlQuery read(m_db);
    read.setForwardOnly(true);
    read.prepare(QStringLiteral("SELECT %1, change_seq FROM %2 WHERE %3 = ?")
                     .arg(columnList(names), QString(table.name), recordColumn));
    read.addBindValue(recordId);
    if (auto ran = sql::exec(read, QString(table.name)); !ran)
        return ran;
    while (read.next()) {
        QJsonObject row;
        QStringList key;
        for (int i = 0; i < table.columns.size(); ++i) {
            const QJsonValue value = schema::toJson(read.value(i), table.columns[i].type);
            row.insert(table.columns[i].name, value);
            if (table.key.contains(table.columns[i].name))
                key << value.toString();
        }
        QSqlQuery write(m_db);
        write.prepare(QStringLiteral("INSERT OR REPLACE INTO central_row (table_name, key, "
                                     "record_id, change_seq, row) VALUES (?, ?, ?, ?, ?)"));
        write.addBindValue(QString(table.name));
        write.addBindValue(key.join(QLatin1Char(':')));
        write.addBindValue(recordId);
        write.addBindValue(read.value(table.columns.size()).isNull()
                               ? 0
                               : read.value(table.columns.size()).toLongLong());
        write.addBindValue(QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact)));
        if (auto ran = sql::exec(write, QStringLiteral("central_row")); !ran)
            return ran;
    }
    return success();
}

Status LocalApplier::apply(const Transaction &tx)
{
    for (const Step &step : tx.steps) {
        Status applied = success();
        switch (step.op) {
        case Step::Op::Create:
            applied = create(step);
            break;
        case Step::Op::BulkCreate:
            applied = bulkCreate(step);
            break;
        case Step::Op::Update:
        case Step::Op::BulkUpdate:
            applied = update(step);
            break;
        }
        if (!applied)
            return applied;
    }
    // A hash that found no create would leave a re-sent request unrecognised.
    if (m_createHash && !m_createHashWritten)
        return unavailable(QStringLiteral("the local buffer cannot be written (no create of %1 %2 "
                                          "for the request's hash)")
                               .arg(m_createHash->table, m_createHash->id));
    return success();
}

Status LocalApplier::create(const Step &step)
{
    Step asBulk = step;
    asBulk.columns.clear();
    const schema::Table *table = schema::table(step.table);
    QVariantList row;
    row.reserve(step.values.size());
    for (auto it = step.values.begin(); it != step.values.end(); ++it) {
        asBulk.columns << it.key();
        row.append(toSqlValue(resolveReference(it.value(), m_createdIds),
                              static_cast<int>(table->column(QStringView(it.key()))->type)));
    }
    asBulk.rows = RowBlock();
    asBulk.rows.append(row);
    m_createdIds.insert(step.stepId, step.values.value(QLatin1StringView("id")).toString());
    return bulkCreate(asBulk);
}

Status LocalApplier::bulkCreate(const Step &step)
{
    // The create of a request with a hash (a single create, or a start sent as one row) stores
    // the hash in its own INSERT, so that a re-sent request is recognised.
    if (m_createHash && !m_createHashWritten && m_createHash->table == step.table &&
        step.rows.size() == 1) {
        const auto idColumn = step.columns.indexOf(QLatin1StringView("id"));
        const RowBlock::Row row = step.rows.row(0);
        if (idColumn >= 0 && row[idColumn].toString() == m_createHash->id) {
            m_createHashWritten = true;
            Step hashed = step;
            hashed.columns << QStringLiteral("create_hash");
            hashed.rows = RowBlock();
            hashed.rows.reserve(1, step.rows.byteSize() + m_createHash->hash.size() + 8);
            hashed.rows.beginRow();
            for (const PlainValue &value : row)
                hashed.rows.add(value);
            hashed.rows.addText(QStringView(m_createHash->hash));
            hashed.rows.endRow();
            return insertRows(hashed);
        }
    }
    return insertRows(step);
}

Status LocalApplier::insertRows(const Step &step)
{
    const QString syncState = m_replay ? m_replay->syncState : QStringLiteral("buffered");
    const QString insertSql =
        QStringLiteral(
            "INSERT %4 INTO %1 (%2, sync_state, last_tx, origin_tx) VALUES (%3, '%5', ?, ?)")
            .arg(step.table, columnList(step.columns), placeholders(step.columns.size()),
                 m_replay ? QStringLiteral("OR REPLACE") : QString(), syncState);
    // The transaction's seq is bound, never written into the text: the statement is cached per
    // text, and one cached statement per transaction was a leak of ~13 KB per write.
    // Creates bypass QtSql's binding (a placeholder name formatted per value, a UTF-16 round
    // trip): the same cached statement on the same connection, bound through SQLite's own API.
    // On a 10,000-file bulk this halves the insert time; on a single start it is a quarter of
    // the CPU. A rebuild's replay (rare) keeps the QtSql path below.
    if (!m_replay)
        if (sqlite3 *handle = sql::handle(m_db))
            return bulkCreateDirect(handle, step, insertSql);
    auto query = sql::prepareCached(m_db, insertSql);
    if (!query)
        return query.error();
    QSqlQuery &insert = *query.value();
    const qsizetype columnCount = step.columns.size();
    // The record a row belongs to: its id, or for the staging link table the job's id.
    const auto keyColumn = step.columns.indexOf(step.columns.contains(QLatin1StringView("id"))
                                                    ? QStringLiteral("id")
                                                    : QStringLiteral("staging_job_id"));
    for (qsizetype r = 0; r < step.rows.size(); ++r) {
        const QVariantList row = step.rows.variantRow(r);
        if (m_replay && !m_replay->ids.contains(row.at(keyColumn).toString()))
            continue;
        for (qsizetype c = 0; c < columnCount; ++c)
            insert.bindValue(static_cast<int>(c), row.at(c));
        insert.bindValue(static_cast<int>(columnCount), m_seq);
        insert.bindValue(static_cast<int>(columnCount) + 1, m_seq);
        if (!insert.exec()) {
            if (!sql::isUniqueViolation(insert))
                return sql::failure(insert, step.table);
            QStringList clash;
            for (const QString &column : clashingColumns(insert)) {
                const auto at = step.columns.indexOf(column);
                clash << QStringLiteral("%1 %2").arg(
                    column, at >= 0 ? JsonFields::show(QJsonValue::fromVariant(row.at(at)))
                                    : QStringLiteral("?"));
            }
            const QString where = step.rows.size() > 1 ? QStringLiteral("[%1] ").arg(r) : QString();
            return conflict(QStringLiteral("%1%2 with %3 already exists")
                                .arg(where, step.table, clash.join(QLatin1StringView(" and "))));
        }
    }
    return success();
}

Status LocalApplier::bulkCreateDirect(sqlite3 *db, const Step &step, const QString &insertSql)
{
    auto prepared = sql::prepareCachedStatement(m_db, insertSql);
    if (!prepared)
        return prepared.error();
    sqlite3_stmt *statement = prepared.value();
    // Bindings may point into the buffers below: cleared before they go.
    const auto clear = qScopeGuard([statement] { sql::release(statement); });
    const int columnCount = static_cast<int>(step.columns.size());
    sqlite3_bind_int64(statement, columnCount + 1, m_seq);
    sqlite3_bind_int64(statement, columnCount + 2, m_seq);
    // Text is bound without a copy (SQLITE_STATIC), straight from the row block's UTF-8, which
    // outlives the statement's use of it (cleared above before the step goes). Bindings survive
    // sqlite3_reset, so a column holding the very same text as in the row before (the block
    // keeps a repeated observation, module or timestamp once) is not bound again.
    std::vector<const char *> boundText(columnCount, nullptr);
    RowBlock::Row row;
    for (qsizetype r = 0; r < step.rows.size(); ++r) {
        step.rows.read(r, row);
        for (int c = 0; c < columnCount; ++c) {
            const PlainValue &value = row[c];
            const char *text = nullptr;
            switch (value.kind) {
            case PlainValue::Kind::Null:
                sqlite3_bind_null(statement, c + 1);
                break;
            case PlainValue::Kind::Integer:
            case PlainValue::Kind::Bool:
                sqlite3_bind_int64(statement, c + 1, value.integer);
                break;
            case PlainValue::Kind::Double:
                sqlite3_bind_double(statement, c + 1, value.number);
                break;
            case PlainValue::Kind::Text:
                // An empty text may have no data pointer, which SQLite would bind as NULL.
                text = value.text.data() ? value.text.data() : "";
                if (text != boundText[c])
                    sqlite3_bind_text(statement, c + 1, text, static_cast<int>(value.text.size()),
                                      SQLITE_STATIC);
                break;
            }
            boundText[c] = text;
        }
        const int rc = sqlite3_step(statement);
        if (rc != SQLITE_DONE) {
            if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ||
                sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_PRIMARYKEY) {
                const QString message = QString::fromUtf8(sqlite3_errmsg(db));
                QStringList clash;
                for (const QString &qualified : message.mid(message.indexOf(QLatin1Char(':')) + 1)
                                                    .split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                    const QString column = qualified.trimmed().section(QLatin1Char('.'), -1);
                    const auto at = step.columns.indexOf(column);
                    clash << QStringLiteral("%1 %2").arg(
                        column, at >= 0
                                    ? JsonFields::show(QJsonValue::fromVariant(row[at].toVariant()))
                                    : QStringLiteral("?"));
                }
                const QString where =
                    step.rows.size() > 1 ? QStringLiteral("[%1] ").arg(r) : QString();
                return conflict(
                    QStringLiteral("%1%2 with %3 already exists")
                        .arg(where, step.table, clash.join(QLatin1StringView(" and "))));
            }
            return sql::directFailure(db, rc, step.table);
        }
        sqlite3_reset(statement);
    }
    return success();
}

Status LocalApplier::update(const Step &step)
{
    const schema::Table *table = schema::table(step.table);
    const QStringList expectColumns = step.expect.keys();
    const QStringList mergeColumns = step.merge.keys();
    QStringList readColumns = expectColumns + mergeColumns;
    readColumns.removeDuplicates();

    QStringList setColumns = step.values.keys();
    for (const QString &column : mergeColumns)
        if (!setColumns.contains(column))
            setColumns << column;
    QStringList assignments;
    for (const QString &column : std::as_const(setColumns))
        assignments << column + QStringLiteral(" = ?");
    const QString syncState = m_replay ? m_replay->syncState : QStringLiteral("buffered");
    assignments << QStringLiteral("sync_state = CASE sync_state WHEN 'failed' THEN 'failed' "
                                  "ELSE '%1' END")
                       .arg(syncState)
                << QStringLiteral("last_tx = ?");
    auto updateQuery =
        sql::prepare(m_db, QStringLiteral("UPDATE %1 SET %2 WHERE id = ?")
                               .arg(step.table, assignments.join(QLatin1StringView(", "))));
    if (!updateQuery)
        return updateQuery.error();
    auto readQuery = sql::prepare(
        m_db, QStringLiteral("SELECT %3, %1 FROM %2 t WHERE id = ?")
                  .arg(readColumns.isEmpty() ? QStringLiteral("id") : columnList(readColumns),
                       step.table, schema::syncStateSql(QStringLiteral("t"))));
    if (!readQuery)
        return readQuery.error();

    for (const QString &id : step.ids) {
        if (m_replay && !m_replay->ids.contains(id))
            continue;
        QSqlQuery &read = readQuery.value();
        read.bindValue(0, id);
        if (auto ran = sql::exec(read, step.table); !ran)
            return ran;
        if (!read.next()) {
            if (m_replay)
                continue; // the record is gone from the rebuilt state: nothing to change
            return notFound(QStringLiteral("%1 %2 does not exist").arg(step.table, id));
        }
        const bool wasSynced = read.value(0).toString() == QLatin1StringView("synced");
        QJsonObject current;
        for (int i = 0; i < readColumns.size(); ++i)
            current.insert(
                readColumns[i],
                schema::toJson(read.value(i + 1),
                               table->column(QLatin1StringView(readColumns[i].toLatin1()))->type));
        read.finish();
        // Copy-on-write: the first local change to a record that matches central keeps central's
        // version as its base, so a discard or a pull can rebuild it without keeping a copy of
        // every central row.
        if (wasSynced && !m_replay)
            if (auto kept = keepCentralBase(*table, id); !kept)
                return kept;
        for (const QString &column : m_replay ? QStringList() : expectColumns) {
            const QJsonArray allowed = step.expect.value(column).toArray();
            if (!allowed.contains(current.value(column)))
                return conflict(QStringLiteral("%1 %2 has %3 %4; this needs %3 to be %5")
                                    .arg(step.table, id, column,
                                         JsonFields::show(current.value(column)),
                                         JsonFields::show(allowed)));
        }
        QSqlQuery &write = updateQuery.value();
        int bound = 0;
        for (const QString &column : std::as_const(setColumns)) {
            QJsonValue value = resolveReference(step.values.value(column), m_createdIds);
            if (step.merge.contains(column)) {
                QJsonObject merged = current.value(column).toObject();
                const QJsonObject patch = step.merge.value(column).toObject();
                for (auto it = patch.begin(); it != patch.end(); ++it)
                    merged.insert(it.key(), it.value());
                value = merged;
            }
            write.bindValue(
                bound++,
                toSqlValue(value, static_cast<int>(
                                      table->column(QLatin1StringView(column.toLatin1()))->type)));
        }
        write.bindValue(bound++, m_seq);
        write.bindValue(bound, id);
        if (auto ran = sql::exec(write, step.table); !ran)
            return ran;
    }
    return success();
}

} // namespace ops
