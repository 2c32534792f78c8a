#pragma once

#include "buffer.h"
#include "clock.h"
#include "pgconnection.h"
#include "syncstatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace ops {

class CentralApplier;
class CentralPuller;
class Outbox;

/// The background sync worker: replays the outbox to central in acknowledgment order and pulls
/// central's changes back. Lives on a thread of its own with its own buffer connection and its
/// own libpq connection; nothing it does ever blocks a write's acknowledgment or the window.
///
/// Failures: transient ones (outage, timeout, serialization failure, deadlock, shutdown) are
/// retried for as long as it takes with capped exponential backoff and jitter, while a probe
/// every second notices at once when central is back. Permanent ones dead-letter the transaction
/// with central's message; later transactions touching its records wait behind it, unrelated
/// ones keep flowing.
///
/// Also keeps the buffer's WAL checkpointed, off the acknowledgment path.
class SyncEngine final : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString bufferPath;
        QString central; ///< empty: offline, only housekeeping
        QString site = QStringLiteral("ccat");
        bool mainSite = false;
        bool migrate = false;
        int pollMs = 2000;
        int secondaryBatchDelayMs = 200;
        int maxBackoffMs = 30000;
    };

    /// Past this WAL size, the periodic checkpoint waits for readers and truncates the WAL.
    static constexpr qint64 kWalTruncateBytes = 64LL * 1024 * 1024;
    /// Past this much in the WAL, the periodic checkpoint pauses writers to copy the rest, so
    /// that the file is reused from its start.
    static constexpr qint64 kWalRestartBytes = 16LL * 1024 * 1024;
    /// The WAL is checkpointed every kCheckpointMs, or at the next 250 ms tick once it has grown
    /// by kCheckpointFrames (4 MiB).
    static constexpr int kCheckpointMs = 2000;
    static constexpr int kCheckpointFrames = 1024;

    SyncEngine(Settings settings, std::shared_ptr<SyncStatus> status,
               const Clock &clock = Clock::system());
    ~SyncEngine() override;

public Q_SLOTS:
    /// Call in the engine's thread: opens the buffer connection and starts working.
    void start();
    /// New local work was acknowledged.
    void wake();

private:
    void schedule(int delayMs);
    void runOnce();
    /// Applies `batch` on central and marks what was applied; false when central was lost.
    bool applyBatch(QList<struct OutboxEntry> batch, bool nothingBlocked, bool &moreWaiting,
                    qint64 &appliedRows);
    bool ensureConnected();
    void lostCentral(const QString &error);
    /// Pending transactions that may go now, after `afterSeq`: in order, skipping any that touch a
    /// record of a dead-lettered (or itself waiting) transaction. `nothingBlocked` tells whether
    /// there was no dead letter to wait behind.
    QList<struct OutboxEntry> eligibleBatch(bool &moreWaiting, qint64 afterSeq = 0,
                                            bool *nothingBlocked = nullptr);
    void checkpoint();
    /// Records the backlog (pending, failed, oldest age) for the sync view's plot; keeps 7 days.
    void sampleBacklog();
    void publish(const std::function<void(SyncStatus::Snapshot &)> &change);

    Settings m_settings;
    std::shared_ptr<SyncStatus> m_status;
    const Clock &m_clock;
    Buffer m_buffer;
    PgConnection m_pg;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<CentralApplier> m_applier;
    std::unique_ptr<CentralPuller> m_puller;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_timer;
    QTimer m_checkpointTimer;
    QElapsedTimer m_sinceCheckpoint;
    int m_framesAtCheckpoint = 0;
    QTimer m_sampleTimer;
    /// The next batch, read while central applied the previous one.
    struct Prefetched
    {
        QList<OutboxEntry> batch;
        bool moreWaiting = false;
    };
    std::optional<Prefetched> m_prefetched;
    QHash<qint64, QSet<QString>> m_deadLetterRecords; ///< seq -> records a dead letter holds up
    int m_failures = 0;
    qint64 m_backoffUntilMs = 0;
    qint64 m_lastPullMs = 0;
    bool m_othersChanged = true; ///< another session notified a change not pulled yet
    bool m_running = false;
};

} // namespace ops
