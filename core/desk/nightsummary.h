#pragma once

#include <QJsonArray>
#include <QMap>
#include <QString>

namespace ops {

/// What a night came to, from its night-log rows: the summary beside the timeline, in the PDF
/// report and behind the CSV export.
struct NightSummary
{
    int observations = 0;
    qint64 observingSeconds = 0; ///< sum of observation durations (running ones up to now)
    QMap<QString, int> byStatus; ///< running / completed / failed / aborted
    /// Keyed by the first instrument module; "" for observations without files (no module yet).
    QMap<QString, qint64> filesByModule;
    QMap<QString, qint64> bytesByModule;
    QMap<QString, int> observationsByModule;
    int pending = 0; ///< observations with changes not yet in central
    int synced = 0;
    int failed = 0;

    static NightSummary of(const QJsonArray &nightLog, qint64 nowMicros);
};

/// The night log as CSV (RFC 4180): one row per observation with its file and package counts and
/// data volume. The header names the columns; timestamps are UTC RFC 3339 as the API gives them.
QByteArray nightLogCsv(const QJsonArray &nightLog);
/// The columns of nightLogCsv(), in order.
const QStringList &nightLogCsvColumns();

} // namespace ops
