#include "metrics.h"

#include "timestamps.h"

#include <QStringList>

#include <algorithm>

namespace ops {

namespace {

/// A label value, escaped as the exposition format requires.
QByteArray label(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\' || c == '"')
            out.append('\\').append(c);
        else if (c == '\n')
            out.append("\\n");
        else
            out.append(c);
    }
    return out;
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
}

} // namespace

void Metrics::countRequest(const QString &method, const QString &route, int status)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests[method + QLatin1Char('\t') + route + QLatin1Char('\t') + QString::number(status)];
}

void Metrics::observeAcknowledgment(double seconds)
{
    QMutexLocker lock(&m_mutex);
    for (size_t i = 0; i < kLatencyBounds.size(); ++i)
        if (seconds <= kLatencyBounds[i])
            ++m_latencyBuckets[i];
    ++m_latencyCount;
    m_latencySum += seconds;
}

QByteArray Metrics::render(const Gauges &g) const
{
    QByteArray out;
    out.reserve(4096);
    {
        QMutexLocker lock(&m_mutex);
        family(out, "opsconsole_http_requests_total", "counter",
               "REST requests answered, by method, route pattern and status.");
        QStringList keys = m_requests.keys();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            const QStringList parts = key.split(QLatin1Char('\t'));
            out.append("opsconsole_http_requests_total{method=\"")
                .append(label(parts[0]))
                .append("\",route=\"")
                .append(label(parts[1]))
                .append("\",status=\"")
                .append(label(parts[2]))
                .append("\"} ")
                .append(QByteArray::number(m_requests.value(key)))
                .append('\n');
        }
        family(out, "opsconsole_ack_latency_seconds", "histogram",
               "Time from request to answer of acknowledged writes (durable in the buffer).");
        for (size_t i = 0; i < kLatencyBounds.size(); ++i)
            out.append("opsconsole_ack_latency_seconds_bucket{le=\"")
                .append(number(kLatencyBounds[i]))
                .append("\"} ")
                .append(QByteArray::number(m_latencyBuckets[i]))
                .append('\n');
        out.append("opsconsole_ack_latency_seconds_bucket{le=\"+Inf\"} ")
            .append(QByteArray::number(m_latencyCount))
            .append('\n');
        out.append("opsconsole_ack_latency_seconds_sum ").append(number(m_latencySum)).append('\n');
        out.append("opsconsole_ack_latency_seconds_count ")
            .append(QByteArray::number(m_latencyCount))
            .append('\n');
    }
    const auto gauge = [&](const char *name, const char *help, double value) {
        family(out, name, "gauge", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    };
    const auto counter = [&](const char *name, const char *help, double value) {
        family(out, name, "counter", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    };
    double oldestAge = 0;
    if (!g.counts.oldestPendingAt.isEmpty())
        oldestAge = std::max<qint64>(
                        0, g.nowMicros -
                               timestamps::parse(g.counts.oldestPendingAt).value_or(g.nowMicros)) /
                    1e6;
    gauge("opsconsole_pending_transactions", "Buffered transactions not yet applied to central.",
          static_cast<double>(g.counts.pending));
    gauge("opsconsole_oldest_pending_age_seconds",
          "Age of the oldest transaction still owed to central (0 when none).", oldestAge);
    gauge("opsconsole_dead_letters", "Transactions central refused for good (state failed).",
          static_cast<double>(g.counts.failed));
    counter("opsconsole_transactions_applied_total",
            "Transactions this process applied to central since it started.",
            static_cast<double>(g.sync.transactionsAppliedByThisProcess));
    counter("opsconsole_rows_applied_total", "Rows this process wrote to central since it started.",
            static_cast<double>(g.sync.rowsApplied));
    gauge("opsconsole_pull_lag_seconds",
          "Seconds since central's changes were last pulled (-1: never in this process).",
          g.sync.lastPullMicros > 0 ? (g.nowMicros - g.sync.lastPullMicros) / 1e6 : -1.0);
    gauge("opsconsole_buffer_bytes", "Size of the local buffer on disk (database and WAL).",
          static_cast<double>(g.bufferBytes));
    family(out, "opsconsole_central_connected", "gauge",
           "1 when central is reachable, 0 when not; the state label says which of connected, "
           "disconnected or not_configured.");
    out.append("opsconsole_central_connected{state=\"")
        .append(label(SyncStatus::centralName(g.sync.central)))
        .append("\"} ")
        .append(g.sync.central == SyncStatus::Central::Connected ? "1" : "0")
        .append('\n');
    return out;
}

} // namespace ops
