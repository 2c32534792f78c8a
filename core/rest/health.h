#pragma once

#include "mergedreader.h"
#include "syncstatus.h"

#include <QJsonObject>

namespace ops {

/// Who reads the report: anonymous readers (REST /health needs no token) never see central's
/// error text, which can hold host, port and user names.
enum class HealthAudience
{
    Anonymous,
    Operator
};

/// The /health document (CONTRACT §3 and §6): `healthy` only when writes succeed and nothing is
/// dead-lettered; `degraded` when central is unreachable or something is dead-lettered;
/// `unhealthy` when the buffer cannot be written (`writeFailure` says why, and becomes `reason`).
QJsonObject healthReport(const BufferCounts &counts, const SyncStatus::Snapshot &sync,
                         const QString &site, const QString &siteType, qint64 nowMicros,
                         const QString &bufferDamage, const QString &writeFailure = {},
                         HealthAudience audience = HealthAudience::Operator);

} // namespace ops
