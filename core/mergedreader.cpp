#include "mergedreader.h"

#include "schema.h"
#include "transaction.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>

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

QString inList(qsizetype count)
{
    QStringList marks(count, QStringLiteral("?"));
    return QStringLiteral("(") + marks.join(QLatin1Char(',')) + QStringLiteral(")");
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

QJsonArray MergedReader::observationsOfObsUnit(qint64 obsUnitId, int limit, int offset) const
{
    QJsonArray observations =
        select(schema::kObservation, QStringLiteral("obs_unit_id = ?"), {obsUnitId},
               QStringLiteral("start_time DESC, id"), limit, offset);
    for (qsizetype i = 0; i < observations.size(); ++i) {
        QJsonObject detail = observations.at(i).toObject();
        const QString id = detail.value(QLatin1StringView("id")).toString();
        detail.insert(QStringLiteral("raw_data_packages"),
                      select(schema::kPackage, QStringLiteral("executed_obs_unit_id = ?"), {id},
                             QStringLiteral("name")));
        detail.insert(QStringLiteral("raw_data_files"),
                      select(schema::kFile, QStringLiteral("executed_obs_unit_id = ?"), {id},
                             QStringLiteral("relative_path")));
        observations[i] = detail;
    }
    return observations;
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
            // The instrument modules its files came from (the timeline's lanes).
            QStringList modules =
                files.value(2).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
            const QString declared = row.value(QLatin1StringView("obs_info"))
                                         .toObject()
                                         .value(QLatin1StringView("instrument_module"))
                                         .toString();
            if (modules.isEmpty() && !declared.isEmpty())
                modules << declared;
            modules.sort();
            row.insert(QStringLiteral("instrument_modules"), QJsonArray::fromStringList(modules));
        }
        if (packages.exec() && packages.next())
            row.insert(QStringLiteral("package_count"), packages.value(0).toLongLong());
        files.finish();
        packages.finish();
        observations[i] = row;
    }
    return observations;
}

std::optional<QJsonObject> MergedReader::packageWithFiles(const QString &id) const
{
    auto package = record(schema::kPackage, id);
    if (package)
        package->insert(QStringLiteral("files"),
                        select(schema::kFile, QStringLiteral("raw_data_package_id = ?"), {id},
                               QStringLiteral("relative_path")));
    return package;
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
