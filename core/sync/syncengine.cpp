#include "syncengine.h"

#include <QFileInfo>

#include <future>

#include "bufferevents.h"
#include "centralapplier.h"
#include "centralpuller.h"
#include "centralschema.h"
#include "faultpoints.h"
#include "logging.h"
#include "memory.h"
#include "mergedreader.h"
#include "outbox.h"
#include "timestamps.h"

#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QSqlQuery>

namespace ops {

namespace {
constexpr int kBatchTransactions = 2000;
constexpr int kProbeMs = 1000;
constexpr qint64 kBatchRows = 50000;
} // namespace

SyncEngine::SyncEngine(Settings settings, std::shared_ptr<SyncStatus> status, const Clock &clock)
    : m_settings(std::move(settings)), m_status(std::move(status)), m_clock(clock)
{
    // Children, so that moveToThread() takes the timers along.
    m_timer.setParent(this);
    m_checkpointTimer.setParent(this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SyncEngine::runOnce);
    m_checkpointTimer.setInterval(250);
    connect(&m_checkpointTimer, &QTimer::timeout, this, &SyncEngine::checkpoint);
    m_sampleTimer.setParent(this);
    m_sampleTimer.setInterval(60000);
    connect(&m_sampleTimer, &QTimer::timeout, this, &SyncEngine::sampleBacklog);
}

SyncEngine::~SyncEngine() = default;

void SyncEngine::publish(const std::function<void(SyncStatus::Snapshot &)> &change)
{
    m_status->update(change);
}

void SyncEngine::start()
{
    if (auto opened = m_buffer.open(m_settings.bufferPath); !opened) {
        qCCritical(lcSync) << "sync engine cannot open the buffer:" << opened.error().message;
        return;
    }
    // This connection's own writes (applied marks, pulled rows, dead letters, backlog samples)
    // need not wait for the disk: each is atomic in the WAL all the same, and one lost to a
    // power cut is redone (central's applied_transaction row says what it already has; the
    // pull cursor falls back with the rows it covered). Acknowledgments keep synchronous=FULL
    // on their own connection. Without the fsync, the write lock the REST thread waits for is
    // held for the work only: with 16 writers and sync running, stalls of 10-27 ms were
    // measured behind this connection's commits.
    QSqlQuery(m_buffer.database()).exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    m_checkpointTimer.start();
    m_sampleTimer.start();
    sampleBacklog();
    if (m_settings.central.isEmpty()) {
        publish([](SyncStatus::Snapshot &s) {
            s.central = SyncStatus::Central::NotConfigured;
            s.state = QStringLiteral("disabled");
        });
        return;
    }
    m_outbox = std::make_unique<Outbox>(m_buffer, m_clock);
    m_applier = std::make_unique<CentralApplier>(m_pg, m_settings.site, m_buffer.consoleId());
    m_puller = std::make_unique<CentralPuller>(m_pg, m_buffer);
    connect(BufferEvents::instance(), &BufferEvents::transactionsChanged, this, &SyncEngine::wake,
            Qt::QueuedConnection);
    m_running = true;
    // A backlog left from before the start is applied first; central's changes are pulled when
    // it is gone or a few seconds into it.
    m_lastPullMs = m_clock.nowMicros() / 1000;
    schedule(0);
}

void SyncEngine::wake()
{
    if (!m_running || m_backoffUntilMs > m_clock.nowMicros() / 1000)
        return;
    // A secondary site lets a burst of acknowledgments gather into one round trip; the main
    // site applies at once.
    const int delay = m_settings.mainSite ? 0 : m_settings.secondaryBatchDelayMs;
    if (!m_timer.isActive() || m_timer.remainingTime() > delay)
        schedule(delay);
}

void SyncEngine::schedule(int delayMs)
{
    m_timer.start(std::max(0, delayMs));
}

bool SyncEngine::ensureConnected()
{
    if (m_pg.isConnected())
        return true;
    if (m_notifier) {
        delete m_notifier;
        m_notifier = nullptr;
    }
    if (!m_pg.connect(m_settings.central)) {
        lostCentral(m_pg.lastError());
        return false;
    }
    if (m_settings.migrate) {
        if (auto migrated = centralschema::migrate(m_pg); !migrated) {
            lostCentral(migrated.error().message);
            m_pg.disconnect();
            return false;
        }
    }
    const auto version = centralschema::currentVersion(m_pg);
    if (!version || version.value() < centralschema::latestVersion()) {
        lostCentral(version ? QStringLiteral("central has no opsdb schema (version %1 of %2): run "
                                             "`opsconsole migrate-central` or start with --migrate")
                                  .arg(version.value())
                                  .arg(centralschema::latestVersion())
                            : version.error().message);
        m_pg.disconnect();
        return false;
    }
    m_pg.exec("LISTEN opsdb_changes");
    m_notifier = new QSocketNotifier(m_pg.socket(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        // Central changed: pull now rather than at the next poll.
        if (m_pg.drainNotifications() > 0) {
            m_othersChanged = true;
            if (!m_timer.isActive() || m_timer.remainingTime() > 50)
                schedule(50);
        }
        if (!m_pg.isConnected() && m_notifier)
            m_notifier->setEnabled(false);
    });
    qCInfo(lcSync) << "connected to central";
    m_failures = 0;
    m_backoffUntilMs = 0;
    publish([](SyncStatus::Snapshot &s) {
        s.central = SyncStatus::Central::Connected;
        s.state = QStringLiteral("idle");
        s.lastError.clear();
    });
    return true;
}

void SyncEngine::lostCentral(const QString &error)
{
    // Capped exponential backoff with jitter for the transaction; meanwhile a cheap probe every
    // second notices at once when central is back.
    ++m_failures;
    m_prefetched.reset();
    const int base = std::min(m_settings.maxBackoffMs, 250 << std::min(m_failures, 10));
    const int jittered =
        base / 2 + static_cast<int>(QRandomGenerator::global()->bounded(base / 2 + 1));
    m_backoffUntilMs = m_clock.nowMicros() / 1000 + jittered;
    if (m_failures == 1 || m_failures % 30 == 0)
        qCWarning(lcSync).noquote() << "central unreachable, retrying:" << error;
    publish([&](SyncStatus::Snapshot &s) {
        s.central = SyncStatus::Central::Disconnected;
        s.state = QStringLiteral("waiting");
        s.lastError = error;
    });
    if (m_notifier)
        m_notifier->setEnabled(false);
    schedule(std::min(kProbeMs, jittered));
}

QList<OutboxEntry> SyncEngine::eligibleBatch(bool &moreWaiting, qint64 afterSeq,
                                             bool *nothingBlocked)
{
    moreWaiting = false;
    // Records of dead-lettered transactions: whatever touches them waits behind. Each dead
    // letter's payload is read once and kept while it stays dead-lettered, not on every pass.
    QSet<qint64> failedNow;
    {
        QSqlQuery failed(m_buffer.database());
        failed.setForwardOnly(true);
        failed.exec(QStringLiteral("SELECT seq, id FROM outbox WHERE state = 'failed'"));
        while (failed.next()) {
            const qint64 seq = failed.value(0).toLongLong();
            failedNow.insert(seq);
            if (!m_deadLetterRecords.contains(seq))
                if (const auto entry = m_outbox->find(failed.value(1).toString()))
                    m_deadLetterRecords.insert(seq, entry->tx.dependencyIds());
        }
    }
    QSet<QString> blocked;
    for (auto it = m_deadLetterRecords.begin(); it != m_deadLetterRecords.end();) {
        if (!failedNow.contains(it.key())) {
            it = m_deadLetterRecords.erase(it);
            continue;
        }
        blocked.unite(it.value());
        ++it;
    }
    if (nothingBlocked)
        *nothingBlocked = blocked.isEmpty();
    // Pages through everything pending, not only the oldest page: when every one of the oldest
    // waits behind a dead letter, unrelated work further back must still flow.
    QList<OutboxEntry> batch;
    qint64 rows = 0;
    qint64 after = afterSeq;
    for (;;) {
        QList<OutboxEntry> page = m_outbox->due(kBatchTransactions, kBatchRows + 1, after);
        if (page.isEmpty())
            break;
        for (OutboxEntry &entry : page) {
            after = entry.seq;
            // With no dead letter nothing is blocked, and the records a transaction touches (a
            // bulk's every file) need not be gathered.
            if (!blocked.isEmpty()) {
                const QSet<QString> touches = entry.tx.dependencyIds();
                if (touches.intersects(blocked)) {
                    blocked.unite(touches); // waits, and so does whatever builds on it
                    continue;
                }
            }
            const qint64 size = entry.tx.rowCount();
            if (!batch.isEmpty() &&
                (rows + size > kBatchRows || batch.size() == kBatchTransactions)) {
                moreWaiting = true;
                return batch;
            }
            rows += size;
            batch.append(std::move(entry));
        }
    }
    return batch;
}

bool SyncEngine::applyBatch(QList<OutboxEntry> batch, bool nothingBlocked, bool &moreWaiting,
                            qint64 &appliedRows)
{
    // The batch may hold a group that the REST thread committed without waiting for the disk
    // (its answers wait for the sync): central gets it only once it is on disk here, or a power
    // cut could leave central with work that this buffer and its client never had.
    if (auto durable = m_buffer.waitDurable(); !durable) {
        lostCentral(durable.error().message);
        return false;
    }
    publish([](SyncStatus::Snapshot &s) { s.state = QStringLiteral("applying"); });
    // Central applies this batch on a worker thread while this thread reads the next one
    // from the buffer. The next is kept only if this one applied in full and nothing was
    // dead-lettered (a dead letter changes which transactions may go). Meanwhile this thread
    // leaves the connection alone.
    auto applying =
        std::async(std::launch::async, [this, &batch] { return m_applier->apply(batch); });
    std::optional<Prefetched> next;
    if (moreWaiting && nothingBlocked) {
        bool more = false;
        bool stillNothingBlocked = false;
        QList<OutboxEntry> read = eligibleBatch(more, batch.last().seq, &stillNothingBlocked);
        if (stillNothingBlocked)
            next = Prefetched{std::move(read), more};
    }
    const CentralApplier::Outcome outcome = applying.get();
    if (next && outcome.applied.size() == batch.size() && !outcome.refusedSeq && !outcome.transient)
        m_prefetched = std::move(next);
    if (!outcome.applied.isEmpty()) {
        if (auto marked = m_outbox->markApplied(outcome.applied); !marked)
            qCCritical(lcSync) << "cannot mark transactions applied:" << marked.error().message;
        faultPoint("after-local-mark");
        const QString stamp = timestamps::format(m_clock.nowMicros());
        for (const OutboxEntry &e : outcome.applied)
            appliedRows += e.tx.rowCount();
        publish([&](SyncStatus::Snapshot &s) {
            s.lastSuccess = stamp;
            s.lastError.clear();
            s.transactionsAppliedByThisProcess += outcome.applied.size();
            s.rowsApplied += appliedRows;
        });
    }
    if (outcome.refusedSeq) {
        qCWarning(lcSync).noquote()
            << "central refused a transaction; dead-lettered:" << outcome.error;
        if (auto dead = m_outbox->deadLetter(*outcome.refusedSeq, outcome.error); !dead)
            qCCritical(lcSync) << "cannot dead-letter:" << dead.error().message;
        moreWaiting = true;
    }
    if (outcome.transient) {
        if (!batch.isEmpty()) {
            const qint64 retryAt =
                m_clock.nowMicros() +
                1000LL * std::min(m_settings.maxBackoffMs, 250 << std::min(m_failures + 1, 10));
            (void)m_outbox->scheduleRetry(batch.first().seq, timestamps::format(retryAt),
                                          outcome.error);
        }
        lostCentral(outcome.error);
        return false;
    }
    if (outcome.applied.size() < batch.size() && !outcome.refusedSeq)
        moreWaiting = true;
    return true;
}

void SyncEngine::runOnce()
{
    const qint64 nowMs = m_clock.nowMicros() / 1000;
    if (!ensureConnected())
        return;
    if (m_backoffUntilMs > nowMs) {
        // Reachable again (the probe connected): the failed attempt is retried at once.
        m_backoffUntilMs = 0;
    }

    bool moreWaiting = false;
    bool nothingBlocked = false;
    QList<OutboxEntry> batch;
    if (m_prefetched) {
        batch = std::move(m_prefetched->batch);
        moreWaiting = m_prefetched->moreWaiting;
        m_prefetched.reset();
        nothingBlocked = true; // it was read with no dead letter, and only this thread makes one
    } else {
        batch = eligibleBatch(moreWaiting, 0, &nothingBlocked);
    }
    const bool applied = !batch.isEmpty();
    if (!batch.isEmpty()) {
        qint64 appliedRows = 0;
        if (!applyBatch(std::move(batch), nothingBlocked, moreWaiting, appliedRows))
            return;
        // The batch is gone now: what it took during a burst goes back to the system.
        memory::releaseAfterBurst(appliedRows * 256); // a parsed row is a few hundred bytes
    }

    // While a backlog drains, applying comes first; central's changes are still pulled every few
    // seconds, and at once when the backlog is gone.
    constexpr qint64 kPullDuringBacklogMs = 5000;
    if (moreWaiting && nowMs - m_lastPullMs < kPullDuringBacklogMs) {
        schedule(0);
        return;
    }
    // After applying its own work the console pulls only when another session changed central
    // (its NOTIFY) or the poll is due: pulling straight back the rows it has just written,
    // after every batch, doubled the sync's work and held the buffer's write lock while
    // acknowledgments waited.
    if (applied) {
        if (m_pg.drainNotifications() > 0) // those that arrived while central was busy applying
            m_othersChanged = true;
        const qint64 sincePull = nowMs - m_lastPullMs;
        if (!m_othersChanged && sincePull < m_settings.pollMs) {
            schedule(int(m_settings.pollMs - sincePull));
            return;
        }
    }
    m_othersChanged = false;
    m_prefetched.reset(); // read before the pull: read again after it
    const CentralPuller::Outcome pulled = m_puller->pull();
    m_lastPullMs = nowMs;
    if (!pulled.ok) {
        if (m_pg.failure() == PgFailure::Transient || !m_pg.isConnected()) {
            lostCentral(pulled.error);
            return;
        }
        qCWarning(lcSync).noquote() << "pull failed:" << pulled.error;
    }
    const qint64 pulledAt = pulled.ok ? m_clock.nowMicros() : 0;
    publish([&](SyncStatus::Snapshot &s) {
        s.central = SyncStatus::Central::Connected;
        s.state = QStringLiteral("idle");
        if (pulledAt)
            s.lastPullMicros = pulledAt;
    });
    schedule(moreWaiting || pulled.more ? 0 : m_settings.pollMs);
}

void SyncEngine::sampleBacklog()
{
    const BufferCounts counts = MergedReader(m_buffer.database()).counts();
    const qint64 now = m_clock.nowMicros();
    const double age =
        counts.oldestPendingAt.isEmpty()
            ? 0
            : std::max<qint64>(0, now - timestamps::parse(counts.oldestPendingAt).value_or(now)) /
                  1e6;
    const QString at = timestamps::format(now);
    const QString cutoff = timestamps::format(now - 7LL * 24 * 3600 * 1000000);
    (void)m_buffer.write([&]() -> Status {
        QSqlQuery q(m_buffer.database());
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO backlog_sample (at, pending, failed, "
                                 "oldest_age_s) VALUES (?, ?, ?, ?)"));
        q.addBindValue(at);
        q.addBindValue(counts.pending);
        q.addBindValue(counts.failed);
        q.addBindValue(age);
        q.exec();
        QSqlQuery prune(m_buffer.database());
        prune.prepare(QStringLiteral("DELETE FROM backlog_sample WHERE at < ?"));
        prune.addBindValue(cutoff);
        prune.exec();
        return success();
    });
}

void SyncEngine::checkpoint()
{
    // The writers never checkpoint (wal_autocheckpoint=0), so an acknowledgment waits only for
    // its own fsync; the WAL is folded back into the database here, in the background. Every
    // 2 s, and sooner when the WAL grows fast (so that it can be started anew while small, see
    // below); each checkpoint syncs the database file, which is no use at every tick when little
    // was written.
    const int frames = m_buffer.walFrames();
    const bool grown = frames < m_framesAtCheckpoint
                           ? frames >= kCheckpointFrames
                           : frames - m_framesAtCheckpoint >= kCheckpointFrames;
    if (!grown && m_sinceCheckpoint.isValid() && m_sinceCheckpoint.elapsed() < kCheckpointMs)
        return;
    m_sinceCheckpoint.start();
    const Buffer::CheckpointOutcome passive = m_buffer.checkpoint(Buffer::Checkpoint::Passive);
    m_framesAtCheckpoint = passive.walFrames;
    // Under sustained writes a passive checkpoint never catches up: new frames arrive while it
    // copies, so no writer ever finds the WAL fully copied and starts it again from the top, and
    // the file grows (2.5 GB for a 253 MB database was measured). Once the WAL holds more than a
    // bound, one checkpoint copies the rest while writers wait (briefly: the passive one just
    // copied nearly all of it), so that the next writer reuses the file from its start. Rewriting
    // blocks the file already has is also cheaper to sync than growing it.
    constexpr qint64 kFrameBytes = 4096 + 24;
    if (passive.walFrames * kFrameBytes > kWalRestartBytes)
        (void)m_buffer.checkpoint(Buffer::Checkpoint::Restart);
    // A file that grew past a larger bound (readers kept the restart from happening for a
    // while) is cut back once they let it.
    const qint64 walBytes = QFileInfo(m_settings.bufferPath + QStringLiteral("-wal")).size();
    if (walBytes > kWalTruncateBytes && m_buffer.checkpoint(Buffer::Checkpoint::Truncate).done)
        qCInfo(lcSync) << "WAL of" << walBytes / (1024 * 1024) << "MiB checkpointed and truncated";
}

} // namespace ops
