#pragma once

#include "result.h"
#include "rowblock.h"

#include <QJsonObject>
#include <QStringList>

/// Rules of an executed observation unit (CONTRACT §2): running -> completed | failed | aborted,
/// final states are final, end_time >= start_time, pwv >= 0, elevation in 0..90.
namespace ops::observation {

inline const QStringList kStatuses{QStringLiteral("running"), QStringLiteral("completed"),
                                   QStringLiteral("failed"), QStringLiteral("aborted")};
inline const QStringList kFinishStatuses{QStringLiteral("completed"), QStringLiteral("failed"),
                                         QStringLiteral("aborted")};

bool isFinal(const QString &status);
/// Whether an observation in `from` may move to `to`.
bool canTransition(const QString &from, const QString &to);

struct StartRequest
{
    QString id; ///< empty: the console generates one
    qint64 obsUnitId = 0;
    QString startTime; ///< canonical; empty: the time the console accepted the request
    QJsonObject obsInfo;
    QString site; ///< empty: the console's site
};
Result<StartRequest> parseStart(const QJsonObject &body);

/// The full row of a new observation, in startColumns()' order: one row of plain values, bound
/// to SQLite, written to the outbox and sent to central as it is (obs_info as its JSON text).
/// A start is the most frequent write; building it as a QJsonObject first was a sixth of the
/// REST thread's work for it.
struct StartRow
{
    QString id; ///< the request's, or a new one
    RowBlock row;
};
const QStringList &startColumns();
StartRow startRow(const StartRequest &request, const QString &defaultSite, const QString &actor,
                  const QString &now);

struct FinishChange
{
    QJsonObject set;          ///< status, end_time, mean_pwv, mean_elevation, updated_at
    QJsonObject obsInfoPatch; ///< keys merged into obs_info
};
/// What finishing `current` with `body` changes, or why it may not.
Result<FinishChange> finish(const QJsonObject &current, const QJsonObject &body, qint64 nowMicros);

} // namespace ops::observation
