#pragma once

#include <QJsonValue>
#include <QLatin1StringView>
#include <QList>
#include <QVariant>

namespace ops::schema {

/// How a column's value travels in a step and is stored: canonical text timestamps and JSON
/// text in SQLite, native types in PostgreSQL.
enum class ColumnType
{
    Uuid,
    Text,
    Integer,
    Real,
    Timestamp,
    Json
};

struct Column
{
    QLatin1StringView name;
    ColumnType type;
};

/// One replicated table of the central schema (CONTRACT §2). The buffer keeps a table of the same
/// name and columns holding the merged state, plus its own bookkeeping columns.
struct Table
{
    QLatin1StringView name;
    QList<Column> columns;
    /// Primary key columns: "id" everywhere except the staging_job_package link table.
    QList<QLatin1StringView> key;

    const Column *column(QLatin1StringView columnName) const;
    const Column *column(QStringView columnName) const;
    int indexOf(QLatin1StringView columnName) const;
    int indexOf(QStringView columnName) const;
};

/// All replicated tables, parents before children (the order creates must follow).
const QList<Table> &tables();
/// The table of that name, or nullptr: step payloads are checked against this list so a damaged
/// or foreign step can never name an arbitrary table or column in SQL.
const Table *table(QLatin1StringView name);
const Table *table(const QString &name);

/// The SQL expression of a merged row's sync_state, for a row of `alias`. Only "failed" is
/// stored on the row (a dead-lettered transaction touched it); "buffered" means the newest local
/// transaction that touched it is still owed to central, "synced" that it is not. Derived rather
/// than stored, so that marking a 100,000-file transaction applied rewrites no file rows.
QString syncStateSql(const QString &alias);

/// A stored or transmitted value (SQLite's, or PostgreSQL's text form) as JSON of the column's
/// type.
QJsonValue toJson(const QVariant &value, ColumnType type);

inline constexpr QLatin1StringView kObservation{"executed_obs_unit"};
inline constexpr QLatin1StringView kFile{"raw_data_file"};
inline constexpr QLatin1StringView kPackage{"raw_data_package"};
inline constexpr QLatin1StringView kStagingJob{"staging_job"};
inline constexpr QLatin1StringView kStagingJobPackage{"staging_job_package"};
inline constexpr QLatin1StringView kOperatorAction{"operator_action"};

} // namespace ops::schema
