#pragma once

#include "result.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ops {

/// Makes deferred commits durable off the committing thread: a group commit made with
/// synchronous=NORMAL is visible at once but only in the page cache; this syncs the buffer's WAL
/// with fdatasync(2) on a thread of its own, so that the next group can be prepared while the
/// disk flushes the last one (pipelined group commit).
///
/// One per buffer file in a process (forBuffer), shared by every connection to it, because the
/// other connections must be able to wait: whatever a deferred commit made visible may be sent
/// elsewhere (to central by the sync engine, to a REST reader) only once it is on disk, or a
/// power cut could take back from this buffer what central or a client already holds.
///
/// Commits are numbered as they begin. A commit's number is durable once a sync that started
/// after the commit ended has returned; a sync covers every commit ended before it began,
/// because the WAL is one file and fdatasync flushes all of its written pages.
class WalSync final
{
    Q_DISABLE_COPY_MOVE(WalSync)
public:
    /// The one WalSync of this process for the buffer at `bufferPath`.
    static std::shared_ptr<WalSync> forBuffer(const QString &bufferPath);
    ~WalSync();

    /// Brackets a COMMIT that does not sync: begin before it (so that anyone who reads what it
    /// makes visible finds it counted), end after it, whether it succeeded or not.
    void beginCommit();
    void endCommit();
    /// Syncs on the calling thread what has ended so far (a lone commit, which has nothing to
    /// overlap with and would only wait for this object's thread to be scheduled).
    Status syncHere();

    /// Calls `done` (on the thread that makes the sync, or at once when there is nothing to sync)
    /// once every commit begun so far is on disk, with Unavailable if a sync failed.
    void whenDurable(std::function<void(Status)> done);
    /// Blocks until every commit begun so far is on disk. Costs nothing when none is pending.
    Status waitDurable();

    /// Frames in the WAL after the latest commit of any connection of this process to the file
    /// (SQLite's WAL hook): how fast it grows tells the checkpoints how often to run.
    void noteWalFrames(int frames) { m_walFrames.store(frames, std::memory_order_relaxed); }
    int walFrames() const { return m_walFrames.load(std::memory_order_relaxed); }

    /// Why a sync failed, once one has (it stays so for the life of this object); else empty.
    QString failure();

    /// For fault tests only: replaces fdatasync(2) on the WAL's descriptor (to hold a sync back,
    /// or make it fail). An empty function restores the real call.
    static void setSyncFunctionForTests(std::function<int(int fd)> sync);

private:
    explicit WalSync(QString walPath);
    void run();
    /// fdatasync of the WAL; reopens it if the file at the path is no longer the one held.
    QString syncOnce();
    /// Syncs unless `target` already is, then calls the waiters it covers.
    Status syncAndSettle(quint64 target);

    struct Waiter
    {
        quint64 ticket;
        std::function<void(Status)> done;
    };

    const QString m_walPath;
    int m_fd = -1;
    std::mutex m_syncMutex; ///< held for a sync and its waiters' calls (taken before m_mutex)
    std::mutex m_mutex;
    std::condition_variable m_work;     ///< commits ended that are not yet synced, or stop
    std::condition_variable m_progress; ///< a sync finished
    quint64 m_begun = 0;                ///< commits begun
    quint64 m_ended = 0;                ///< every commit up to this number has ended
    quint64 m_synced = 0;               ///< every commit up to this number is on disk
    quint64 m_settled = 0;              ///< ... and those waiting for it have been called
    int m_inFlight = 0;
    QString m_failure; ///< sticky: after a failed fdatasync nothing more is called durable
    std::vector<Waiter> m_waiters;
    bool m_stop = false;
    std::atomic<int> m_walFrames{0};
    std::thread m_thread;
};

} // namespace ops
