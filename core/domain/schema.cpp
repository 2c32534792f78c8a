#include "schema.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ops::schema {

using T = ColumnType;
using L = QLatin1StringView;

namespace {
/// Where `name` is among `columns`, or -1: for a name as Latin-1 text or as a QString (a JSON
/// key), compared without converting it.
template <typename Name> int indexIn(const QList<Column> &columns, Name name)
{
    for (int i = 0; i < columns.size(); ++i)
        if (columns[i].name == name)
            return i;
    return -1;
}
} // namespace

int Table::indexOf(QLatin1StringView columnName) const
{
    return indexIn(columns, columnName);
}

int Table::indexOf(QStringView columnName) const
{
    return indexIn(columns, columnName);
}

const Column *Table::column(QLatin1StringView columnName) const
{
    const int at = indexOf(columnName);
    return at < 0 ? nullptr : &columns[at];
}

const Column *Table::column(QStringView columnName) const
{
    const int at = indexOf(columnName);
    return at < 0 ? nullptr : &columns[at];
}

QString syncStateSql(const QString &alias)
{
    return QStringLiteral(
               "CASE WHEN %1.sync_state = 'failed' THEN 'failed' WHEN %1.last_tx IS NOT NULL AND "
               "EXISTS (SELECT 1 FROM outbox o WHERE o.seq = %1.last_tx AND o.state IN ('pending', "
               "'failed')) "
               "THEN 'buffered' ELSE 'synced' END")
        .arg(alias);
}

QJsonValue toJson(const QVariant &value, ColumnType type)
{
    // In Qt 6 a QVariant holding a null QString is not null; libpq's NULL arrives as exactly that.
    if (value.isNull() || (value.typeId() == QMetaType::QString && value.toString().isNull()))
        return QJsonValue::Null;
    switch (type) {
    case ColumnType::Integer:
        return value.toLongLong();
    case ColumnType::Real:
        return value.toDouble();
    case ColumnType::Json:
        return QJsonDocument::fromJson(value.toString().toUtf8()).object();
    default:
        return value.toString();
    }
}

const QList<Table> &tables()
{
    static const QList<Table> all = {
        {kObservation,
         {{L("id"), T::Uuid},
          {L("obs_unit_id"), T::Integer},
          {L("site"), T::Text},
          {L("status"), T::Text},
          {L("start_time"), T::Timestamp},
          {L("end_time"), T::Timestamp},
          {L("obs_info"), T::Json},
          {L("mean_pwv"), T::Real},
          {L("mean_elevation"), T::Real},
          {L("operator"), T::Text},
          {L("created_at"), T::Timestamp},
          {L("updated_at"), T::Timestamp}},
         {L("id")}},
        {kPackage,
         {{L("id"), T::Uuid},
          {L("name"), T::Text},
          {L("executed_obs_unit_id"), T::Uuid},
          {L("instrument_module"), T::Text},
          {L("status"), T::Text},
          {L("transfer_state"), T::Text},
          {L("total_size_bytes"), T::Integer},
          {L("file_count"), T::Integer},
          {L("finalized_at"), T::Timestamp},
          {L("created_at"), T::Timestamp},
          {L("updated_at"), T::Timestamp}},
         {L("id")}},
        {kFile,
         {{L("id"), T::Uuid},
          {L("executed_obs_unit_id"), T::Uuid},
          {L("instrument_module"), T::Text},
          {L("relative_path"), T::Text},
          {L("size_bytes"), T::Integer},
          {L("checksum"), T::Text},
          {L("checksum_algorithm"), T::Text},
          {L("file_type"), T::Text},
          {L("raw_data_package_id"), T::Uuid},
          {L("created_at"), T::Timestamp},
          {L("updated_at"), T::Timestamp}},
         {L("id")}},
        {kStagingJob,
         {{L("id"), T::Uuid},
          {L("destination"), T::Text},
          {L("status"), T::Text},
          {L("requested_by"), T::Text},
          {L("reason"), T::Text},
          {L("cancelled_by"), T::Text},
          {L("cancel_reason"), T::Text},
          {L("retry_count"), T::Integer},
          {L("error_message"), T::Text},
          {L("created_at"), T::Timestamp},
          {L("updated_at"), T::Timestamp}},
         {L("id")}},
        {kStagingJobPackage,
         {{L("staging_job_id"), T::Uuid},
          {L("raw_data_package_id"), T::Uuid},
          {L("created_at"), T::Timestamp},
          {L("updated_at"), T::Timestamp}},
         {L("staging_job_id"), L("raw_data_package_id")}},
        {kOperatorAction,
         {{L("id"), T::Uuid},
          {L("actor"), T::Text},
          {L("action"), T::Text},
          {L("target_table"), T::Text},
          {L("target_id"), T::Text},
          {L("reason"), T::Text},
          {L("site"), T::Text},
          {L("created_at"), T::Timestamp},
          {L("updated_at"), T::Timestamp}},
         {L("id")}},
    };
    return all;
}

const Table *table(QLatin1StringView name)
{
    for (const Table &t : tables())
        if (t.name == name)
            return &t;
    return nullptr;
}

const Table *table(const QString &name)
{
    for (const Table &t : tables())
        if (t.name == name)
            return &t;
    return nullptr;
}

} // namespace ops::schema
