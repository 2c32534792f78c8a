#pragma once

#include "syncstatus.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

class QThread;

namespace ops {

/// The full `PRAGMA integrity_check`, which also compares every index with its table. The quick
/// check run at every start does not: with an index missing rows, reads return wrong answers and
/// nothing says so. Run in the background after start (a million-row buffer takes a while) and on
/// demand (`opsconsole check-buffer`).
///
/// Index damage is repaired at once with REINDEX (indexes are derived data). Anything else marks
/// the buffer for recovery: the next start moves it aside and recovers tokens and unsynced work
/// from it, and until then /health is unhealthy and says why.
class IntegrityCheck final
{
public:
    struct Outcome
    {
        QStringList problems;  ///< as SQLite words them; empty: intact
        bool repaired = false; ///< problems were found and REINDEX fixed them
        QString describe() const;
    };

    /// Checks (and repairs indexes in) the buffer at `path` on a connection of the calling thread.
    static Outcome run(const QString &path);

    /// Runs `run()` on a thread of its own after `delayMs`, publishing an unrepaired failure to
    /// `status` and leaving the recovery marker for the next start.
    IntegrityCheck(QString path, std::shared_ptr<SyncStatus> status, int delayMs = 5000);
    ~IntegrityCheck();

private:
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stopping{false};
};

} // namespace ops
