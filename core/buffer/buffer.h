#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace ops {

class WalSync;
class WriterTurn;
class WrittenTransactions;

/// One thread's connection to the local SQLite buffer. Qt 6.4 cannot move a QSqlDatabase between
/// threads, so every thread that touches the buffer owns a Buffer of its own; SQLite's locking
/// (WAL, BEGIN IMMEDIATE, a busy timeout) serialises the writers between them.
///
/// The first Buffer of a process is opened with Role::Owner: it checks integrity (moving a
/// damaged file aside, never deleting it: it may hold unsynced work) and runs the numbered
/// migrations. Others open with Role::Attach and trust that.
class Buffer final
{
    Q_DISABLE_COPY_MOVE(Buffer)
public:
    enum class Role
    {
        Owner,
        Attach
    };

    Buffer() = default;
    ~Buffer();

    Status open(const QString &path, Role role = Role::Attach);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    /// What this process wrote to the outbox and the sync engine has not read yet (shared by
    /// every connection to the file).
    WrittenTransactions &written() const { return *m_written; }
    QSqlDatabase database() const;

    /// How a write() reaches the disk.
    enum class Durability
    {
        /// Synced before write() returns (synchronous=FULL).
        Synced,
        /// Committed without a sync of its own (synchronous=NORMAL): atomic, kept by a process
        /// crash, durable with the next synced commit, and lost in a power cut only together
        /// with everything after it. Only for what is derived again when lost: central's rows
        /// pulled with their cursor, the marks of transactions central already holds (its
        /// applied_transaction row finds them applied again). Never for an acknowledgment.
        Deferred
    };

    /// Runs `work` inside one BEGIN IMMEDIATE ... COMMIT. The work's refusal rolls everything
    /// back; a failed COMMIT (disk full, read-only file) is reported as Unavailable. Only when
    /// this returns success has the write been made durable (Durability::Synced).
    Status write(const std::function<Status()> &work, Durability durability = Durability::Synced);

    /// Pipelined group commit: runs `work` inside one BEGIN IMMEDIATE ... COMMIT in which every
    /// write() is a savepoint of its own (a refusal rolls back only its own changes). The COMMIT
    /// does not wait for the disk: it returns at once, and `durable` is called (on the WAL's sync
    /// thread, or at once) when one fdatasync has put the group on disk, with Unavailable if the
    /// COMMIT or the sync failed. Nothing inside may be acknowledged before then; meanwhile the
    /// caller prepares the next group, so the disk's flush overlaps the work.
    /// With `syncHere` the COMMIT syncs as write() does, and `durable` is called before this
    /// returns: for a lone write, which has nothing to overlap and would only wait for two
    /// threads to take turns.
    void group(const std::function<void()> &work, std::function<void(Status)> durable,
               bool syncHere = false);
    /// True while group() runs its work on this buffer: a write's changes become visible to other
    /// connections only at the group's COMMIT, and the group's caller announces them then.
    bool inGroup() const { return m_inGroup; }

    /// Returns once every commit made on this buffer file in this process so far is on disk:
    /// what another connection's group made visible is read by this one before its sync has
    /// returned, and must not leave the process (to central, to a client) before it has.
    /// Costs nothing when no commit is waiting for its sync.
    Status waitDurable();

    /// How long a statement waits for another connection's lock before it fails as busy.
    static constexpr int kBusyPatienceMs = 30000;
    /// How long a checkpoint that holds the writers off waits for readers before it gives up.
    static constexpr int kCheckpointPatienceMs = 20;

    enum class Checkpoint
    {
        Passive, ///< copies what it can beside the writers
        Restart, ///< copies the rest while writers wait, so the next writer starts the WAL anew
        Truncate ///< the same, and cuts the file to nothing
    };
    struct CheckpointOutcome
    {
        bool done = false; ///< false: readers (or an error) kept it from finishing
        qint64 walFrames = 0;
    };
    /// Frames in the WAL after the latest commit in this process to this file.
    int walFrames() const;
    /// Folds the WAL into the database. Restart and Truncate take the writers' turn (so that the
    /// REST thread, which holds SQLite's lock nearly all the time under load, cannot keep them
    /// out) and give up after kCheckpointPatienceMs of waiting for readers (so that a long read
    /// does not stall every acknowledgment behind them).
    CheckpointOutcome checkpoint(Checkpoint mode);

    /// Why the last write to this buffer file failed with Unavailable (disk full, read-only), or
    /// empty when the last write succeeded. Shared by every connection of the process.
    static QString writeFailure(const QString &path);
    /// For health: when the last write failed, tries a tiny durable write now, so health says what
    /// a writer would experience rather than what one once did. Empty when writes succeed.
    QString probeWritable();

    /// Where a damaged file was moved on open, if it was; empty otherwise.
    QString quarantinedPath() const { return m_quarantined; }
    /// What opening found and did about damage (a damaged WAL, a quarantined file, what was
    /// recovered from it), in sentences for stderr, /health and the desk; empty when all was well.
    QString damageReport() const { return m_report; }
    /// The file whose presence makes the next Owner open treat the buffer as damaged (written
    /// when a full integrity check fails while the console runs).
    static QString recoveryMarker(const QString &path);

    static int schemaVersion();
    /// The console's id (made once per buffer file), written to central with every transaction.
    QString consoleId() const;

private:
    Status openConnection();
    Status configure();
    Status checkIntegrity();
    Status migrate();
    void noteDamage(const QString &nativeCode);
    Status refuseAfterFailedSync();
    void checkWal();
    Status quarantine(const QString &why);
    void recoverFromQuarantine();
    void note(const QString &message);
    static QString stamp();

    QString m_connectionName;
    QString m_path;
    QString m_quarantined;
    QString m_report;
    std::shared_ptr<WalSync> m_walSync;             ///< shared by every connection to the file
    std::shared_ptr<WriterTurn> m_turn;             ///< likewise
    std::shared_ptr<WrittenTransactions> m_written; ///< likewise
    int m_busyPatienceMs = kBusyPatienceMs;
    /// synchronous=FULL (full) or NORMAL on this thread's connection.
    static bool setSynchronous(const QSqlDatabase &db, bool full);
    bool m_inGroup = false;
    bool m_damaged = false;
};

} // namespace ops
