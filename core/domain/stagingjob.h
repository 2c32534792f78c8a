#pragma once

#include "result.h"

#include <QJsonObject>
#include <QStringList>

/// Rules of a staging job (CONTRACT §2): pending -> scheduled -> in_progress -> completed |
/// failed, cancelled from any of the first three. Only complete packages can be staged.
namespace ops::stagingjob {

inline const QStringList kStatuses{QStringLiteral("pending"),     QStringLiteral("scheduled"),
                                   QStringLiteral("in_progress"), QStringLiteral("completed"),
                                   QStringLiteral("failed"),      QStringLiteral("cancelled")};
inline const QStringList kCancellable{QStringLiteral("pending"), QStringLiteral("scheduled"),
                                      QStringLiteral("in_progress")};

bool canCancel(const QString &status);

struct StageRequest
{
    QString id;
    QStringList packageIds;
    QString destination;
    QString reason;
};
Result<StageRequest> parseStage(const QJsonObject &body);

} // namespace ops::stagingjob
