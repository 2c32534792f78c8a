#pragma once

#include "timestamps.h"

#include <QJsonArray>
#include <QTimeZone>

namespace ops {

/// The night log as a PDF report: a first page with the summary and the timeline picture, then
/// the observations as a table over as many pages as they need. Returns the refusal in words, or
/// an empty string.
QString writeNightPdf(const QString &file, QDate night, const QJsonArray &nightLog,
                      const QString &site, const QTimeZone &zone, qint64 nowMicros);

} // namespace ops
