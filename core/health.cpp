#include "health.h"

#include "timestamps.h"

namespace ops {

QJsonObject healthReport(const BufferCounts &counts, const SyncStatus::Snapshot &sync,
                         const QString &site, const QString &siteType, qint64 nowMicros,
                         bool bufferQuarantined, const QString &writeFailure,
                         HealthAudience audience)
{
    double oldestAge = 0;
    if (!counts.oldestPendingAt.isEmpty())
        oldestAge =
            std::max<qint64>(0, nowMicros -
                                    timestamps::parse(counts.oldestPendingAt).value_or(nowMicros)) /
            1e6;
    const bool degraded =
        counts.failed > 0 || bufferQuarantined || sync.central == SyncStatus::Central::Disconnected;
    const auto nullable = [](const QString &text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    QString lastError = sync.lastError;
    if (audience == HealthAudience::Anonymous && !lastError.isEmpty())
        lastError = sync.central == SyncStatus::Central::Disconnected
                        ? QStringLiteral("central unreachable (details in the console's log and "
                                         "to a token with the read scope)")
                        : QStringLiteral("central refused a change (details in the console's log "
                                         "and to a token with the read scope)");
    QJsonObject report{
        {QStringLiteral("status"), !writeFailure.isEmpty() ? QStringLiteral("unhealthy")
                                   : degraded              ? QStringLiteral("degraded")
                                                           : QStringLiteral("healthy")},
        {QStringLiteral("site"), site},
        {QStringLiteral("site_type"), siteType},
        {QStringLiteral("central"), SyncStatus::centralName(sync.central)},
        {QStringLiteral("buffer"), QJsonObject{{QStringLiteral("pending"), counts.pending},
                                               {QStringLiteral("failed"), counts.failed},
                                               {QStringLiteral("oldest_pending_age_s"), oldestAge},
                                               {QStringLiteral("quarantined"), bufferQuarantined}}},
        {QStringLiteral("sync"),
         QJsonObject{{QStringLiteral("state"), sync.state},
                     {QStringLiteral("last_success"), nullable(sync.lastSuccess)},
                     {QStringLiteral("transactions_applied"), counts.applied},
                     {QStringLiteral("lag_s"), oldestAge},
                     {QStringLiteral("last_error"), nullable(lastError)}}},
    };
    if (!writeFailure.isEmpty())
        report.insert(QStringLiteral("reason"), writeFailure);
    return report;
}

} // namespace ops
