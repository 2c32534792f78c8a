#pragma once

#include "mergedreader.h"
#include "syncstatus.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>

namespace ops {

/// The REST layer's counters and the console's gauges in the Prometheus text exposition format
/// (version 0.0.4), served at GET /metrics. Counters are since the process started, as Prometheus
/// expects; gauges are read when scraped. Thread-safe: requests may be answered on several threads.
class Metrics final
{
public:
    /// Upper bounds of the acknowledgment latency histogram, in seconds: from a bare fsync
    /// (~0.5 ms) to a stalled disk.
    static constexpr std::array<double, 12> kLatencyBounds{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                           0.05,   0.1,   0.25,  0.5,   1.0,  5.0};

    /// One answered request: `route` is the route's pattern ("/raw_data_files/{id}"), never the
    /// path itself, so ids do not become label values.
    void countRequest(const QString &method, const QString &route, int status);
    /// How long an acknowledged write took from request to answer.
    void observeAcknowledgment(double seconds);

    struct Gauges
    {
        BufferCounts counts;
        SyncStatus::Snapshot sync;
        qint64 nowMicros = 0;
        qint64 bufferBytes = 0; ///< database + WAL on disk
        QString site;
    };
    QByteArray render(const Gauges &gauges) const;

private:
    mutable QMutex m_mutex;
    QHash<QString, qint64> m_requests; ///< "method\troute\tstatus" -> count
    std::array<qint64, kLatencyBounds.size()> m_latencyBuckets{};
    qint64 m_latencyCount = 0;
    double m_latencySum = 0;
};

} // namespace ops
