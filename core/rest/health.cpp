#include "health.h"

#include "timestamps.h"

namespace ops {

QJsonObject healthReport(const BufferCounts &counts, const SyncStatus::Snapshot &sync,
                         const QString &site, const QString &siteType, qint64 nowMicros,
                         const QString &bufferDamage, const QString &writeFailure,
                         HealthAudience audience)
{
    double oldestAge = 0;
    if (!counts.oldestPendingAt.isEmpty())
        oldestAge =
            std::max<qint64>(0, nowMicros -
                                    timestamps::parse(counts.oldestPendingAt).value_or(nowMicros)) /
            1e6;
    const bool degraded = counts.failed > 0 || !bufferDamage.isEmpty() ||
                          !sync.bufferDamage.isEmpty() ||
                          sync.central == SyncStatus::Central::Disconnected;
    const auto nullable = [](const QString &text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    const QString damage = (bufferDamage + QLatin1Char(' ') + sync.bufferDamage).trimmed();
    QString lastError = sync.lastError;
    if (audience == HealthAudience::Anonymous && !lastError.isEmpty())
        lastError = sync.central == SyncStatus::Central::Disconnected
                        ? QStringLiteral("central unreachable (details in the console's log and "
                                         "to a token with the read scope)")
                        : QStringLiteral("central refused a change (details in the console's log "
                                         "and to a token with the read scope)");
    const QString unwritable = !writeFailure.isEmpty() ? writeFailure : sync.bufferDamage;
    QJsonObject report{
        {QStringLiteral("status"), !unwritable.isEmpty() ? QStringLiteral("unhealthy")
                                   : degraded            ? QStringLiteral("degraded")
                                                         : QStringLiteral("healthy")},
        {QStringLiteral("site"), site},
        {QStringLiteral("site_type"), siteType},
        {QStringLiteral("central"), SyncStatus::centralName(sync.central)},
        {QStringLiteral("buffer"),
         QJsonObject{{QStringLiteral("pending"), counts.pending},
                     {QStringLiteral("failed"), counts.failed},
                     {QStringLiteral("oldest_pending_age_s"), oldestAge},
                     {QStringLiteral("quarantined"), !bufferDamage.isEmpty()},
                     {QStringLiteral("damage"), nullable(damage)}}},
        {QStringLiteral("sync"),
         QJsonObject{{QStringLiteral("state"), sync.state},
                     {QStringLiteral("last_success"), nullable(sync.lastSuccess)},
                     {QStringLiteral("transactions_applied"), counts.applied},
                     {QStringLiteral("lag_s"), oldestAge},
                     {QStringLiteral("last_error"), nullable(lastError)}}},
    };
    if (!unwritable.isEmpty())
        report.insert(QStringLiteral("reason"), unwritable);
    return report;
}

} // namespace ops
