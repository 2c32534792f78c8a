#include "walsync.h"

#include "faultpoints.h"
#include "perbufferfile.h"

#include <QFile>

#include <pthread.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ops {

namespace {
std::mutex g_syncFunctionMutex;
std::function<int(int)> g_syncFunction; // empty: fdatasync
} // namespace

std::shared_ptr<WalSync> WalSync::forBuffer(const QString &bufferPath)
{
    return perBufferFile<WalSync>(bufferPath,
                                  [&] { return new WalSync(bufferPath + QStringLiteral("-wal")); });
}

void WalSync::setSyncFunctionForTests(std::function<int(int fd)> sync)
{
    std::lock_guard lock(g_syncFunctionMutex);
    g_syncFunction = std::move(sync);
}

WalSync::WalSync(QString walPath) : m_walPath(std::move(walPath)) {}

WalSync::~WalSync()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_work.notify_all();
    if (m_thread.joinable())
        m_thread.join(); // after the last sync asked for: nothing waiting is left unanswered
    if (m_fd >= 0)
        ::close(m_fd);
}

void WalSync::beginCommit()
{
    std::lock_guard lock(m_mutex);
    if (!m_thread.joinable()) // most connections never defer a commit: no thread for them
        m_thread = std::thread([this] { run(); });
    ++m_begun;
    ++m_inFlight;
}

void WalSync::endCommit()
{
    {
        std::lock_guard lock(m_mutex);
        // Commits on several threads may end in any order: a number counts as ended only when
        // none begun before it is still running.
        if (--m_inFlight == 0)
            m_ended = m_begun;
    }
    // Woken even when the committing thread syncs itself (syncHere): whichever comes second
    // finds the target synced and does not sync again, and a commit is never left unsynced.
    m_work.notify_one();
}

Status WalSync::syncHere()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_ended;
    lock.unlock();
    return syncAndSettle(target);
}

void WalSync::whenDurable(std::function<void(Status)> done)
{
    std::unique_lock lock(m_mutex);
    if (m_settled >= m_begun) {
        const QString failure = m_failure;
        lock.unlock();
        done(failure.isEmpty() ? success() : Status(unavailable(failure)));
        return;
    }
    m_waiters.push_back({m_begun, std::move(done)});
}

Status WalSync::waitDurable()
{
    std::unique_lock lock(m_mutex);
    const quint64 ticket = m_begun;
    m_progress.wait(lock, [&] { return m_settled >= ticket; });
    if (!m_failure.isEmpty())
        return unavailable(m_failure);
    return success();
}

QString WalSync::failure()
{
    std::lock_guard lock(m_mutex);
    return m_failure;
}

void WalSync::run()
{
    ::pthread_setname_np(::pthread_self(), "walsync");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_work.wait(lock, [&] { return m_ended > m_synced || (m_stop && m_inFlight == 0); });
        if (m_ended <= m_synced)
            return; // stopping, and everything ended is synced
        const quint64 target = m_ended;
        lock.unlock();
        (void)syncAndSettle(target);
        lock.lock();
    }
}

Status WalSync::syncAndSettle(quint64 target)
{
    // One sync at a time, and its waiters called before the next: the descriptor is shared, and
    // "settled" must mean that every waiter up to it has been called.
    std::lock_guard syncing(m_syncMutex);
    std::unique_lock lock(m_mutex);
    if (m_synced < target) {
        lock.unlock();
        faultPoint("before-wal-sync");
        const QString failed = syncOnce();
        lock.lock();
        if (!failed.isEmpty() && m_failure.isEmpty())
            m_failure = QStringLiteral("the local buffer cannot be written (sync of %1: %2)")
                            .arg(m_walPath, failed);
        m_synced = std::max(m_synced, target);
    }
    std::vector<Waiter> due;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        if (it->ticket <= m_synced) {
            due.push_back(std::move(*it));
            it = m_waiters.erase(it);
        } else {
            ++it;
        }
    }
    const Status outcome = m_failure.isEmpty() ? success() : Status(unavailable(m_failure));
    lock.unlock();
    for (Waiter &waiter : due)
        waiter.done(outcome);
    lock.lock();
    m_settled = std::max(m_settled, m_synced);
    m_progress.notify_all();
    return outcome;
}

QString WalSync::syncOnce()
{
    // SQLite keeps the WAL while any connection is open, so the file is normally the one held;
    // but a descriptor of a file that was replaced would sync nothing that matters.
    const QByteArray path = QFile::encodeName(m_walPath);
    struct stat atPath = {};
    struct stat held = {};
    if (m_fd >= 0 && (::stat(path.constData(), &atPath) != 0 || ::fstat(m_fd, &held) != 0 ||
                      atPath.st_ino != held.st_ino || atPath.st_dev != held.st_dev)) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (m_fd < 0)
        m_fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    std::function<int(int)> sync;
    {
        std::lock_guard lock(g_syncFunctionMutex);
        sync = g_syncFunction;
    }
    const int rc = sync ? sync(m_fd) : ::fdatasync(m_fd);
    if (rc != 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    return {};
}

} // namespace ops
