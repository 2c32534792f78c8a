#pragma once

#include "mergedreader.h"
#include "syncstatus.h"

#include <QJsonObject>

namespace ops {

/// The /health document (CONTRACT §3), also shown in the desktop's health panel.
QJsonObject healthReport(const BufferCounts &counts, const SyncStatus::Snapshot &sync,
                         const QString &site, const QString &siteType, qint64 nowMicros,
                         bool bufferQuarantined);

} // namespace ops
