#include "mergedreader.h"

#include "jsonwriter.h"
#include "schema.h"
#include "sqlsupport.h"
#include "transaction.h"

#include <QJsonDocument>
#include <QLocale>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QSqlRecord>

#include <sqlite3.h>

#include <cmath>

namespace ops {

namespace {
QString selectList(const schema::Table &table)
{
    QStringList names;
    for (const schema::Column &c : table.columns)
        names << QStringLiteral("t.") + QString(c.name);
    names << schema::syncStateSql(QStringLiteral("t"));
    return names.join(QLatin1StringView(", "));
}

QJsonObject rowToJson(const QSqlQuery &query, const schema::Table &table)
{
    QJsonObject row;
    int i = 0;
    for (const schema::Column &c : table.columns) {
        row.insert(c.name, schema::toJson(query.value(i++), c.type));
    }
    row.insert(QStringLiteral("sync_state"), query.value(i).toString());
    return row;
}

/// One column of the current row as JSON, by the column's type: what schema::toJson would give,
/// without a QVariant or a QJsonValue per value.
void appendColumn(QByteArray &out, sqlite3_stmt *statement, int column, schema::ColumnType type)
{
    const int stored = sqlite3_column_type(statement, column);
    if (stored == SQLITE_NULL) {
        out.append("null");
        return;
    }
    switch (type) {
    case schema::ColumnType::Integer:
        out.append(QByteArray::number(sqlite3_column_int64(statement, column)));
        return;
    case schema::ColumnType::Real: {
        const double d = sqlite3_column_double(statement, column);
        out.append(std::isfinite(d) ? QByteArray::number(d, 'g', QLocale::FloatingPointShortest)
                                    : QByteArray("null"));
        return;
    }
    default:
        break;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    const int length = sqlite3_column_bytes(statement, column);
    if (type == schema::ColumnType::Json) {
        // Written by us as compact JSON; anything else would not be an object.
        if (length > 0 && text[0] == '{')
            out.append(text, length);
        else
            out.append("{}");
        return;
    }
    jsonwriter::appendUtf8(out, QByteArrayView(text, length));
}

} // namespace

MergedReader::MergedReader(QSqlDatabase db) : m_db(std::move(db)) {}

QJsonArray MergedReader::select(QLatin1StringView tableName, const QString &where,
                                const QVariantList &binds, const QString &orderBy, int limit,
                                int offset) const
{
    const schema::Table &table = *schema::table(tableName);
    QString sqlText =
        QStringLiteral("SELECT %1 FROM %2 t").arg(selectList(table), QString(tableName));
    if (!where.isEmpty())
        sqlText += QStringLiteral(" WHERE ") + where;
    if (!orderBy.isEmpty())
        sqlText += QStringLiteral(" ORDER BY ") + orderBy;
    if (limit >= 0)
        sqlText += QStringLiteral(" LIMIT %1 OFFSET %2").arg(limit).arg(offset);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sqlText);
    for (int i = 0; i < binds.size(); ++i)
        query.bindValue(i, binds[i]);
    QJsonArray rows;
    if (!query.exec())
        return rows;
    while (query.next())
        rows.append(rowToJson(query, table));
    return rows;
}

std::optional<QJsonObject> MergedReader::record(QLatin1StringView table, const QString &id) const
{
    const QJsonArray rows = select(table, QStringLiteral("id = ?"), {id});
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first().toObject();
}

std::optional<Origin> MergedReader::origin(QLatin1StringView table, const QString &id) const
{
    QSqlQuery query(m_db);
    query.prepare(
        QStringLiteral(
            "SELECT t.create_hash, coalesce(o.id, h.id) FROM %1 t LEFT JOIN outbox o ON "
            "o.seq = t.origin_tx LEFT JOIN outbox_history h ON h.seq = t.origin_tx WHERE t.id = ?")
            .arg(QString(table)));
    query.bindValue(0, id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return Origin{query.value(0).toString(), query.value(1).toString()};
}

QByteArray MergedReader::observationsOfObsUnit(qint64 obsUnitId, int limit, int offset) const
{
    // The observations first (few), then each one's packages and files streamed inside it.
    QSqlQuery ids(m_db);
    ids.setForwardOnly(true);
    ids.prepare(QStringLiteral("SELECT id FROM executed_obs_unit WHERE obs_unit_id = ? ORDER BY "
                               "start_time DESC, id LIMIT ? OFFSET ?"));
    ids.addBindValue(obsUnitId);
    ids.addBindValue(limit);
    ids.addBindValue(offset);
    QStringList observationIds;
    if (ids.exec())
        while (ids.next())
            observationIds << ids.value(0).toString();
    ids.finish();
    QByteArray out;
    out.append('[');
    for (qsizetype i = 0; i < observationIds.size(); ++i) {
        if (i)
            out.append(',');
        const QString &id = observationIds[i];
        streamRows(out, schema::kObservation, QStringLiteral("id = ?"), {id}, {}, Shape::Object,
                   [&] {
                       out.append(",\"raw_data_packages\":");
                       streamRows(out, schema::kPackage, QStringLiteral("executed_obs_unit_id = ?"),
                                  {id}, QStringLiteral("name"), Shape::Array);
                       out.append(",\"raw_data_files\":");
                       streamRows(out, schema::kFile, QStringLiteral("executed_obs_unit_id = ?"),
                                  {id}, QStringLiteral("relative_path"), Shape::Array);
                   });
    }
    out.append(']');
    return out;
}

QByteArray MergedReader::packageWithFiles(const QString &id) const
{
    QByteArray out;
    const bool found =
        streamRows(out, schema::kPackage, QStringLiteral("id = ?"), {id}, {}, Shape::Object, [&] {
            out.append(",\"files\":");
            streamRows(out, schema::kFile, QStringLiteral("raw_data_package_id = ?"), {id},
                       QStringLiteral("relative_path"), Shape::Array);
        });
    return found ? out : QByteArray();
}

bool MergedReader::streamRows(QByteArray &out, QLatin1StringView tableName, const QString &where,
                              const QVariantList &binds, const QString &orderBy, Shape shape,
                              const std::function<void()> &extra) const
{
    const schema::Table &table = *schema::table(tableName);
    QString sqlText = QStringLiteral("SELECT %1 FROM %2 t WHERE %3")
                          .arg(selectList(table), QString(tableName), where);
    if (!orderBy.isEmpty())
        sqlText += QStringLiteral(" ORDER BY ") + orderBy;
    sqlite3 *db = sql::handle(m_db);
    sqlite3_stmt *statement = nullptr;
    const QByteArray text = sqlText.toUtf8();
    if (!db || sqlite3_prepare_v2(db, text.constData(), static_cast<int>(text.size()), &statement,
                                  nullptr) != SQLITE_OK) {
        if (shape == Shape::Array)
            out.append("[]");
        return false;
    }
    const auto finalize = qScopeGuard([statement] { sqlite3_finalize(statement); });
    QList<QByteArray> keep; // bound text must live until the statement is done
    for (int i = 0; i < binds.size(); ++i) {
        if (binds[i].typeId() == QMetaType::LongLong || binds[i].typeId() == QMetaType::Int) {
            sqlite3_bind_int64(statement, i + 1, binds[i].toLongLong());
        } else {
            keep << binds[i].toString().toUtf8();
            sqlite3_bind_text(statement, i + 1, keep.last().constData(),
                              static_cast<int>(keep.last().size()), SQLITE_STATIC);
        }
    }
    // Keys are written once per table, already quoted.
    QList<QByteArray> keys;
    for (const schema::Column &c : table.columns)
        keys << '"' + QByteArray(c.name.data(), c.name.size()) + "\":";
    const int syncStateColumn = static_cast<int>(table.columns.size());
    if (shape == Shape::Array)
        out.append('[');
    bool any = false;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        if (any)
            out.append(',');
        any = true;
        out.append('{');
        for (int c = 0; c < table.columns.size(); ++c) {
            if (c)
                out.append(',');
            out.append(keys[c]);
            appendColumn(out, statement, c, table.columns[c].type);
        }
        out.append(",\"sync_state\":");
        appendColumn(out, statement, syncStateColumn, schema::ColumnType::Text);
        if (extra)
            extra();
        out.append('}');
        if (shape == Shape::Object)
            break;
    }
    if (shape == Shape::Array)
        out.append(']');
    return any;
}

QJsonArray MergedReader::instrumentModules(const QString &fromFiles, const QJsonObject &observation)
{
    QStringList modules = fromFiles.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QString declared = observation.value(QLatin1StringView("obs_info"))
                                 .toObject()
                                 .value(QLatin1StringView("instrument_module"))
                                 .toString();
    if (modules.isEmpty() && !declared.isEmpty())
        modules << declared;
    modules.sort();
    return QJsonArray::fromStringList(modules);
}

QJsonArray MergedReader::nightLog(const timestamps::Window &night, const QString &status, int limit,
                                  int offset) const
{
    QString where = QStringLiteral("start_time >= ? AND start_time < ?");
    QVariantList binds{timestamps::format(night.startMicros), timestamps::format(night.endMicros)};
    if (!status.isEmpty()) {
        where += QStringLiteral(" AND status = ?");
        binds << status;
    }
    QJsonArray observations =
        select(schema::kObservation, where, binds, QStringLiteral("start_time, id"), limit, offset);
    QSqlQuery files(m_db);
    files.prepare(QStringLiteral(
        "SELECT count(*), coalesce(sum(size_bytes), 0), group_concat(DISTINCT instrument_module) "
        "FROM raw_data_file WHERE executed_obs_unit_id = ?"));
    QSqlQuery packages(m_db);
    packages.prepare(QStringLiteral("SELECT count(*) FROM raw_data_package WHERE "
                                    "executed_obs_unit_id = ?"));
    for (qsizetype i = 0; i < observations.size(); ++i) {
        QJsonObject row = observations.at(i).toObject();
        const QString id = row.value(QLatin1StringView("id")).toString();
        files.bindValue(0, id);
        packages.bindValue(0, id);
        if (files.exec() && files.next()) {
            row.insert(QStringLiteral("file_count"), files.value(0).toLongLong());
            row.insert(QStringLiteral("total_size_bytes"), files.value(1).toLongLong());
            row.insert(QStringLiteral("instrument_modules"),
                       instrumentModules(files.value(2).toString(), row));
        }
        if (packages.exec() && packages.next())
            row.insert(QStringLiteral("package_count"), packages.value(0).toLongLong());
        files.finish();
        packages.finish();
        observations[i] = row;
    }
    return observations;
}

std::optional<QJsonObject> MergedReader::stagingJobWithPackages(const QString &id) const
{
    auto job = record(schema::kStagingJob, id);
    if (!job)
        return job;
    const QJsonArray packages =
        select(schema::kPackage,
               QStringLiteral("id IN (SELECT raw_data_package_id FROM staging_job_package WHERE "
                              "staging_job_id = ?)"),
               {id}, QStringLiteral("name"));
    QJsonArray ids;
    for (const QJsonValue &p : packages)
        ids.append(p.toObject().value(QLatin1StringView("id")));
    job->insert(QStringLiteral("raw_data_package_ids"), ids);
    job->insert(QStringLiteral("packages"), packages);
    return job;
}

QJsonArray MergedReader::transactions(const QString &state, int limit, int offset) const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    QString where = state.isEmpty() ? QStringLiteral("state IN ('pending', 'failed')")
                                    : QStringLiteral("state = ?");
    query.prepare(QStringLiteral("SELECT id, kind, summary, state, created_at, attempts, "
                                 "next_attempt_at, last_error, payload, actor, seq FROM outbox "
                                 "WHERE %1 ORDER BY seq LIMIT %2 OFFSET %3")
                      .arg(where)
                      .arg(limit)
                      .arg(offset));
    if (!state.isEmpty())
        query.bindValue(0, state);
    QJsonArray out;
    if (!query.exec())
        return out;
    while (query.next()) {
        const auto nullable = [&](int i) {
            return query.value(i).isNull() ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(query.value(i).toString());
        };
        const auto tx =
            Transaction::fromPayload(query.value(0).toString(), query.value(8).toByteArray());
        out.append(QJsonObject{
            {QStringLiteral("id"), query.value(0).toString()},
            {QStringLiteral("kind"), query.value(1).toString()},
            {QStringLiteral("summary"), query.value(2).toString()},
            {QStringLiteral("state"), query.value(3).toString()},
            {QStringLiteral("created_at"), query.value(4).toString()},
            {QStringLiteral("attempts"), query.value(5).toLongLong()},
            {QStringLiteral("next_attempt_at"), nullable(6)},
            {QStringLiteral("last_error"), nullable(7)},
            {QStringLiteral("actor"), query.value(9).toString()},
            {QStringLiteral("record_ids"),
             tx ? QJsonArray::fromStringList(tx->recordIds()) : QJsonArray()},
        });
    }
    return out;
}

QList<MergedReader::BacklogSample> MergedReader::backlogSince(const QString &since) const
{
    QList<BacklogSample> samples;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "SELECT at, pending, failed, oldest_age_s FROM backlog_sample WHERE at >= ? ORDER BY at"));
    query.addBindValue(since);
    if (!query.exec())
        return samples;
    while (query.next())
        samples.append({query.value(0).toString(), query.value(1).toLongLong(),
                        query.value(2).toLongLong(), query.value(3).toDouble()});
    return samples;
}

BufferCounts MergedReader::counts() const
{
    BufferCounts counts;
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("SELECT state, count(*), min(created_at) FROM outbox GROUP BY state "
                              "UNION ALL SELECT 'applied', count(*), NULL FROM outbox_history"));
    while (query.next()) {
        const QString state = query.value(0).toString();
        if (state == QLatin1StringView("pending")) {
            counts.pending = query.value(1).toLongLong();
            counts.oldestPendingAt = query.value(2).toString();
        } else if (state == QLatin1StringView("failed")) {
            counts.failed = query.value(1).toLongLong();
        } else if (state == QLatin1StringView("applied")) {
            counts.applied = query.value(1).toLongLong();
        }
    }
    return counts;
}

} // namespace ops
