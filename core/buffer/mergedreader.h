#pragma once

#include "timestamps.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QVariantList>

#include <functional>
#include <optional>

namespace ops {

/// Counts behind /health and the status bar.
struct BufferCounts
{
    qint64 pending = 0;
    qint64 failed = 0;
    qint64 applied = 0;
    /// created_at of the oldest pending transaction, canonical text; empty when none.
    QString oldestPendingAt;
};

/// How a record was first created here: for telling a safe retry of a create from a reused id.
struct Origin
{
    QString createHash;
    QString transactionId;
};

/// Reads the merged state: central's rows as last pulled with every pending local change already
/// applied on top (the buffer keeps them materialised), each with its `sync_state`.
class MergedReader final
{
public:
    explicit MergedReader(QSqlDatabase db);

    std::optional<QJsonObject> record(QLatin1StringView table, const QString &id) const;
    std::optional<Origin> origin(QLatin1StringView table, const QString &id) const;

    /// GET /executed_obs_units/{obs_unit_id} as JSON text, written straight from the query rows
    /// (an observation with 100,000 files would otherwise be built as as many QJsonObjects).
    QByteArray observationsOfObsUnit(qint64 obsUnitId, int limit, int offset) const;
    QJsonArray nightLog(const timestamps::Window &night, const QString &status, int limit,
                        int offset) const;
    /// GET /raw_data_package/{id} as JSON text, streamed like observationsOfObsUnit; empty when
    /// there is no such package.
    QByteArray packageWithFiles(const QString &id) const;
    std::optional<QJsonObject> stagingJobWithPackages(const QString &id) const;

    /// The instrument modules an observation's files came from (a comma list, as group_concat
    /// gives it; the timeline's lanes), else the one its obs_info declares; sorted.
    static QJsonArray instrumentModules(const QString &fromFiles, const QJsonObject &observation);

    enum class Shape
    {
        Object, ///< the first matching row as one object (nothing written when none)
        Array,  ///< every matching row, as a list
    };
    /// Writes rows of `table` as JSON text straight from SQLite; `extra` appends more members to
    /// each object before it closes. Returns whether any row matched.
    bool streamRows(QByteArray &out, QLatin1StringView table, const QString &where,
                    const QVariantList &binds, const QString &orderBy, Shape shape,
                    const std::function<void()> &extra = {}) const;

    /// Rows of `table` matching `where` (SQL with ? placeholders bound from `binds`).
    QJsonArray select(QLatin1StringView table, const QString &where, const QVariantList &binds,
                      const QString &orderBy = QString(), int limit = -1, int offset = 0) const;

    QJsonArray transactions(const QString &state, int limit, int offset) const;
    BufferCounts counts() const;

    struct BacklogSample
    {
        QString at;
        qint64 pending = 0;
        qint64 failed = 0;
        double oldestAgeSeconds = 0;
    };
    /// The backlog samples since `since` (canonical timestamp), oldest first.
    QList<BacklogSample> backlogSince(const QString &since) const;

private:
    QSqlDatabase m_db;
};

} // namespace ops
