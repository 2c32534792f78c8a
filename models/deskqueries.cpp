#include "deskqueries.h"
#include "mergedreader.h"

#include "summarytext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace ops::deskqueries {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ops::deskqueries", text);
}

RecordQuery::QuickFilter status(const QString &id, const char *label, const QString &condition)
{
    return {id, tr(label), condition};
}
} // namespace

RecordQuery nightLog(const timestamps::Window &night, bool stillRunning)
{
    using T = schema::ColumnType;
    RecordQuery q = RecordQuery::merged(schema::kObservation, QStringLiteral("t.start_time"));
    q.scope = QStringLiteral("t.start_time >= ? AND t.start_time < ?");
    q.scopeBinds = {timestamps::format(night.startMicros), timestamps::format(night.endMicros)};
    if (stillRunning) {
        // N3: at noon an observation begun the night before and not yet finished stays in view
        // (it is still the operator's to finish), not "Running 0".
        q.scope =
            QStringLiteral("(%1) OR (t.status = 'running' AND t.start_time < ?)").arg(q.scope);
        q.scopeBinds << timestamps::format(night.startMicros);
    }
    const QString files =
        QStringLiteral("FROM raw_data_file f WHERE f.executed_obs_unit_id = t.id");
    q.add(QStringLiteral("file_count"), QStringLiteral("(SELECT count(*) %1)").arg(files),
          T::Integer)
        .add(QStringLiteral("total_size_bytes"),
             QStringLiteral("(SELECT coalesce(sum(f.size_bytes), 0) %1)").arg(files), T::Integer)
        .add(QStringLiteral("instrument_modules"),
             QStringLiteral("(SELECT group_concat(DISTINCT f.instrument_module) %1)").arg(files))
        .add(QStringLiteral("package_count"),
             QStringLiteral("(SELECT count(*) FROM raw_data_package p WHERE "
                            "p.executed_obs_unit_id = t.id)"),
             T::Integer);
    q.searchKeys = {QStringLiteral("obs_unit_id"), QStringLiteral("status"),
                    QStringLiteral("operator"), QStringLiteral("instrument_modules"),
                    QStringLiteral("id")};
    q.quick = {
        RecordQuery::all(),
        status(QStringLiteral("running"), QT_TRANSLATE_NOOP("ops::deskqueries", "Running"),
               QStringLiteral("t.status = 'running'")),
        status(QStringLiteral("completed"), QT_TRANSLATE_NOOP("ops::deskqueries", "Completed"),
               QStringLiteral("t.status = 'completed'")),
        status(QStringLiteral("failed"), QT_TRANSLATE_NOOP("ops::deskqueries", "Failed or aborted"),
               QStringLiteral("t.status IN ('failed', 'aborted')")),
        RecordQuery::buffered(),
        RecordQuery::refused()};
    q.finish = [](QJsonObject &row) {
        row.insert(QStringLiteral("instrument_modules"),
                   MergedReader::instrumentModules(
                       row.value(QLatin1StringView("instrument_modules")).toString(), row));
    };
    return q;
}

RecordQuery files(const QString &observationId)
{
    RecordQuery q =
        RecordQuery::merged(schema::kFile, QStringLiteral("t.created_at DESC, t.relative_path"));
    if (!observationId.isEmpty()) {
        q.scope = QStringLiteral("t.executed_obs_unit_id = ?");
        q.scopeBinds = {observationId};
        q.order = QStringLiteral("t.relative_path");
    }
    // The path is searched in the (observation, path) index, a seventh of the table's size,
    // and the matches looked up by rowid.
    for (RecordQuery::Field &f : q.fields)
        if (f.key == QLatin1StringView("relative_path"))
            f.search = QStringLiteral("t.rowid IN (SELECT rowid FROM raw_data_file WHERE "
                                      "relative_path LIKE ? ESCAPE '\\')");
    q.add(QStringLiteral("package_name"),
          QStringLiteral("(SELECT p.name FROM raw_data_package p WHERE p.id = "
                         "t.raw_data_package_id)"),
          schema::ColumnType::Text,
          QStringLiteral("t.raw_data_package_id IN (SELECT p.id FROM raw_data_package p WHERE "
                         "p.name LIKE ? ESCAPE '\\')"));
    // Path and package name: every searched column costs a pass over a million rows (module
    // and type have few values; they are columns to sort by).
    q.searchKeys = {QStringLiteral("relative_path"), QStringLiteral("package_name")};
    q.quick = {RecordQuery::all(),
               status(QStringLiteral("unpackaged"),
                      QT_TRANSLATE_NOOP("ops::deskqueries", "Not in a package"),
                      QStringLiteral("t.raw_data_package_id IS NULL")),
               status(QStringLiteral("packaged"),
                      QT_TRANSLATE_NOOP("ops::deskqueries", "In a package"),
                      QStringLiteral("t.raw_data_package_id IS NOT NULL")),
               RecordQuery::buffered(), RecordQuery::refused()};
    return q;
}

RecordQuery packages(const QString &observationId)
{
    RecordQuery q =
        RecordQuery::merged(schema::kPackage, QStringLiteral("t.created_at DESC, t.name"));
    if (!observationId.isEmpty()) {
        q.scope = QStringLiteral("t.executed_obs_unit_id = ?");
        q.scopeBinds = {observationId};
        q.order = QStringLiteral("t.name");
    }
    q.searchKeys = {QStringLiteral("name"), QStringLiteral("instrument_module"),
                    QStringLiteral("status"), QStringLiteral("transfer_state"),
                    QStringLiteral("id")};
    q.quick = {RecordQuery::all(),
               status(QStringLiteral("building"), QT_TRANSLATE_NOOP("ops::deskqueries", "Building"),
                      QStringLiteral("t.status = 'building'")),
               status(QStringLiteral("complete"), QT_TRANSLATE_NOOP("ops::deskqueries", "Complete"),
                      QStringLiteral("t.status = 'complete'")),
               status(QStringLiteral("moving"),
                      QT_TRANSLATE_NOOP("ops::deskqueries", "In transfer"),
                      QStringLiteral("t.transfer_state IN ('waiting', 'transferring')")),
               RecordQuery::buffered(),
               RecordQuery::refused()};
    return q;
}

RecordQuery stagingJobs()
{
    using T = schema::ColumnType;
    RecordQuery q = RecordQuery::merged(schema::kStagingJob, QStringLiteral("t.created_at DESC"));
    const QString links = QStringLiteral(
        "FROM staging_job_package l JOIN raw_data_package p ON p.id = l.raw_data_package_id "
        "WHERE l.staging_job_id = t.id");
    q.add(QStringLiteral("package_names"),
          QStringLiteral("(SELECT group_concat(p.name, ', ') %1)").arg(links))
        .add(QStringLiteral("package_count"),
             QStringLiteral("(SELECT count(*) FROM staging_job_package l WHERE l.staging_job_id = "
                            "t.id)"),
             T::Integer)
        .add(QStringLiteral("package_file_count"),
             QStringLiteral("(SELECT coalesce(sum(p.file_count), 0) %1)").arg(links), T::Integer)
        .add(QStringLiteral("package_bytes"),
             QStringLiteral("(SELECT coalesce(sum(p.total_size_bytes), 0) %1)").arg(links),
             T::Integer);
    q.searchKeys = {QStringLiteral("destination"),
                    QStringLiteral("status"),
                    QStringLiteral("requested_by"),
                    QStringLiteral("package_names"),
                    QStringLiteral("reason"),
                    QStringLiteral("cancel_reason"),
                    QStringLiteral("id")};
    q.quick = {RecordQuery::all(),
               status(QStringLiteral("active"), QT_TRANSLATE_NOOP("ops::deskqueries", "Active"),
                      QStringLiteral("t.status IN ('pending', 'scheduled', 'in_progress')")),
               status(QStringLiteral("completed"),
                      QT_TRANSLATE_NOOP("ops::deskqueries", "Completed"),
                      QStringLiteral("t.status = 'completed'")),
               status(QStringLiteral("failed"),
                      QT_TRANSLATE_NOOP("ops::deskqueries", "Failed or cancelled"),
                      QStringLiteral("t.status IN ('failed', 'cancelled')")),
               RecordQuery::buffered(),
               RecordQuery::refused()};
    return q;
}

RecordQuery transactions()
{
    using T = schema::ColumnType;
    RecordQuery q;
    q.from = QStringLiteral("outbox t");
    for (const auto &[key, type] : {std::pair{"id", T::Text},
                                    {"kind", T::Text},
                                    {"summary", T::Text},
                                    {"state", T::Text},
                                    {"created_at", T::Text},
                                    {"attempts", T::Integer},
                                    {"next_attempt_at", T::Text},
                                    {"last_error", T::Text},
                                    {"actor", T::Text}})
        q.add(QString::fromLatin1(key), QStringLiteral("t.") + QString::fromLatin1(key), type);
    q.scope = QStringLiteral("t.state IN ('pending', 'failed')");
    q.order = QStringLiteral("t.seq");
    q.rowKey = QStringLiteral("t.seq");
    q.searchKeys = {QStringLiteral("summary"), QStringLiteral("last_error"),
                    QStringLiteral("actor"), QStringLiteral("kind"), QStringLiteral("id")};
    q.quick = {RecordQuery::all(),
               status(QStringLiteral("pending"),
                      QT_TRANSLATE_NOOP("ops::deskqueries", "Waiting for central"),
                      QStringLiteral("t.state = 'pending'")),
               status(QStringLiteral("failed"),
                      QT_TRANSLATE_NOOP("ops::deskqueries", "Refused by central"),
                      QStringLiteral("t.state = 'failed'"))};
    // Stored in English (central and the log read it too); shown in the operator's language.
    q.finish = [](QJsonObject &row) {
        row.insert(QStringLiteral("summary"),
                   summarytext::translated(row.value(QLatin1StringView("summary")).toString()));
    };
    return q;
}

RecordQuery audit()
{
    RecordQuery q =
        RecordQuery::merged(schema::kOperatorAction, QStringLiteral("t.created_at DESC"));
    // A name where the target has one: the package's, the job's destination, the obs unit.
    q.add(QStringLiteral("target_package"),
          QStringLiteral("(SELECT p.name FROM raw_data_package p WHERE p.id = t.target_id)"))
        .add(QStringLiteral("target_destination"),
             QStringLiteral("(SELECT j.destination FROM staging_job j WHERE j.id = t.target_id)"))
        .add(QStringLiteral("target_obs_unit"),
             QStringLiteral(
                 "(SELECT o.obs_unit_id FROM executed_obs_unit o WHERE o.id = t.target_id)"))
        .add(QStringLiteral("target_summary"),
             QStringLiteral("coalesce((SELECT x.summary FROM outbox x WHERE x.id = t.target_id), "
                            "(SELECT h.summary FROM outbox_history h WHERE h.id = t.target_id))"));
    q.searchKeys = {QStringLiteral("actor"),
                    QStringLiteral("action"),
                    QStringLiteral("reason"),
                    QStringLiteral("target_package"),
                    QStringLiteral("target_destination"),
                    QStringLiteral("target_summary"),
                    QStringLiteral("target_id")};
    q.finish = [](QJsonObject &row) {
        const auto field = [&](const char *key) {
            return row.value(QLatin1StringView(key)).toVariant().toString();
        };
        QString name;
        if (!field("target_package").isEmpty())
            name = tr("package %1").arg(field("target_package"));
        else if (!field("target_destination").isEmpty())
            name = tr("staging job to %1").arg(field("target_destination"));
        else if (!field("target_obs_unit").isEmpty())
            name = tr("observation of obs unit %1").arg(field("target_obs_unit"));
        else if (!field("target_summary").isEmpty())
            name = tr("transaction “%1”").arg(summarytext::translated(field("target_summary")));
        else
            name = field("target_id");
        row.insert(QStringLiteral("target_name"), name);
        const QString action = field("action");
        row.insert(QStringLiteral("action_label"),
                   action == QLatin1StringView("cancel_staging") ? tr("cancelled staging")
                   : action == QLatin1StringView("discard_transaction")
                       ? tr("discarded a transaction")
                   : action == QLatin1StringView("retry_transaction") ? tr("retried a transaction")
                                                                      : action);
    };
    return q;
}

} // namespace ops::deskqueries
