#include "buffer.h"

#include "buffermigrations.h"
#include "faultpoints.h"
#include "logging.h"
#include "sqlsupport.h"
#include "transaction.h"
#include "walcheck.h"
#include "walsync.h"
#include "writerturn.h"
#include "writtentransactions.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <sqlite3.h>

#include <optional>

#include <fcntl.h>
#include <unistd.h>

namespace ops {

namespace {
QAtomicInteger<quint64> g_connectionCounter;

QMutex g_writeFailureMutex;
QHash<QString, QString> g_writeFailures; // buffer path -> why its last write failed

void noteWriteOutcome(const QString &path, const Status &result)
{
    const bool failed = !result && result.error().kind == ErrorKind::Unavailable;
    QMutexLocker lock(&g_writeFailureMutex);
    if (failed)
        g_writeFailures.insert(path, result.error().message);
    else if (result)
        g_writeFailures.remove(path);
}
} // namespace

QString Buffer::writeFailure(const QString &path)
{
    QMutexLocker lock(&g_writeFailureMutex);
    return g_writeFailures.value(path);
}

QString Buffer::probeWritable()
{
    if (writeFailure(m_path).isEmpty())
        return {};
    // As large as a typical acknowledged write (a few dozen pages), not one page: a failed commit
    // leaves WAL space behind that a one-page probe would use and wrongly report as room.
    const Status probed = write([this]() -> Status {
        return sql::run(database(), QStringLiteral("INSERT OR REPLACE INTO meta (key, value) "
                                                   "VALUES ('health_probe', zeroblob(131072))"));
    });
    return probed ? QString() : writeFailure(m_path);
}

Buffer::~Buffer()
{
    close();
}

int Buffer::schemaVersion()
{
    return static_cast<int>(bufferMigrations().size());
}

bool Buffer::isOpen() const
{
    return !m_connectionName.isEmpty() && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Buffer::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

void Buffer::close()
{
    if (m_connectionName.isEmpty())
        return;
    sql::dropCached(m_connectionName);
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

Status Buffer::open(const QString &path, Role role)
{
    close();
    m_path = path;
    m_report.clear();
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return unavailable(
            QStringLiteral("buffer: cannot create folder %1").arg(info.absolutePath()));
    m_walSync = WalSync::forBuffer(QDir::cleanPath(info.absoluteFilePath()));
    m_turn = WriterTurn::forBuffer(QDir::cleanPath(info.absoluteFilePath()));
    m_written = WrittenTransactions::forBuffer(QDir::cleanPath(info.absoluteFilePath()));
    m_damaged = false;
    QString damage;
    if (role == Role::Owner) {
        // Before SQLite reads anything: what it would silently drop or reset is noticed here.
        if (info.exists() && info.size() == 0)
            damage = QStringLiteral("the buffer file is empty (0 bytes)");
        if (QFile::exists(recoveryMarker(path)))
            damage = QStringLiteral("the full integrity check of the last run failed");
        checkWal();
    }
    Status opened = damage.isEmpty() ? openConnection() : Status(unavailable(damage));
    if (!damage.isEmpty())
        m_damaged = true;
    if (!opened && !(role == Role::Owner && m_damaged))
        return opened;
    if (role == Role::Owner) {
        Status intact = opened ? checkIntegrity() : opened;
        if (!intact) {
            if (!m_damaged)
                return intact;
            if (auto moved = quarantine(intact.error().message); !moved)
                return moved;
            if (auto reopened = openConnection(); !reopened)
                return reopened;
        }
        if (auto migrated = migrate(); !migrated)
            return migrated;
        if (!m_quarantined.isEmpty())
            recoverFromQuarantine();
        QFile::remove(recoveryMarker(path));
    }
    return success();
}

QString Buffer::recoveryMarker(const QString &path)
{
    return path + QStringLiteral(".needs-recovery");
}

void Buffer::checkWal()
{
    const QString walPath = m_path + QStringLiteral("-wal");
    const walcheck::Report wal = walcheck::examine(walPath);
    if (!wal.damaged())
        return;
    // SQLite would replay what it can and reset the rest: the evidence is copied first.
    const QString kept = walPath + QStringLiteral(".damaged-") + stamp();
    QFile::copy(walPath, kept);
    note(QStringLiteral("%1; a copy of the WAL as it was is kept at %2. Acknowledged work in it "
                        "may be missing from the buffer: compare with central and the automation's "
                        "logs.")
             .arg(wal.describe(), kept));
}

QString Buffer::stamp()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
}

void Buffer::note(const QString &message)
{
    qCCritical(lcBuffer).noquote() << "buffer" << m_path << ":" << message;
    m_report += (m_report.isEmpty() ? QString() : QStringLiteral(" ")) + message;
}

Status Buffer::quarantine(const QString &why)
{
    // A damaged database is never checkpointed into itself on the way out: the WAL is evidence.
    if (isOpen())
        if (sqlite3 *handle = sql::handle(database()))
            sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    close();
    m_quarantined = m_path + QStringLiteral(".damaged-") + stamp();
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        if (QFile::exists(m_path + suffix) &&
            !QFile::rename(m_path + suffix, m_quarantined + suffix))
            return unavailable(
                QStringLiteral("buffer: %1 is damaged and cannot be moved aside").arg(m_path));
    note(QStringLiteral("the buffer is damaged (%1); it was moved aside to %2, never deleted, and "
                        "a new buffer was started.")
             .arg(why, m_quarantined));
    return success();
}

void Buffer::recoverFromQuarantine()
{
    // Work on a scratch copy: opening the evidence itself would let SQLite change it.
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return;
    const QString copy = scratch.filePath(QStringLiteral("damaged.sqlite"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal")})
        if (QFile::exists(m_quarantined + suffix))
            QFile::copy(m_quarantined + suffix, copy + suffix);
    const QString name = QStringLiteral("recovery-%1").arg(++g_connectionCounter);
    qint64 tokens = 0, transactions = 0, unreadable = 0;
    {
        QSqlDatabase damaged = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        damaged.setDatabaseName(copy);
        if (damaged.open()) {
            QSqlQuery readTokens(damaged);
            readTokens.setForwardOnly(true);
            QSqlQuery readOutbox(damaged);
            readOutbox.setForwardOnly(true);
            const bool haveTokens = readTokens.exec(QStringLiteral(
                "SELECT name, token_sha256, scopes, created_at, revoked_at, last_used_at FROM "
                "api_token"));
            const bool haveOutbox = readOutbox.exec(QStringLiteral(
                "SELECT id, kind, summary, actor, state, created_at, attempts, last_error, "
                "step_count, record_count, payload FROM outbox WHERE state IN ('pending', "
                "'failed') ORDER BY seq"));
            (void)write([&]() -> Status {
                QSqlQuery insertToken(database());
                insertToken.prepare(QStringLiteral(
                    "INSERT OR IGNORE INTO api_token (name, token_sha256, scopes, created_at, "
                    "revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)"));
                while (haveTokens && readTokens.next()) {
                    for (int i = 0; i < 6; ++i)
                        insertToken.bindValue(i, readTokens.value(i));
                    tokens += insertToken.exec() && insertToken.numRowsAffected() > 0;
                }
                // Unsynced work goes back in line as it was, in order and with its ids: central
                // skips whatever it had already applied (applied_transaction). Its records show
                // again once central has them and they are pulled back.
                QSqlQuery insertTx(database());
                insertTx.prepare(QStringLiteral(
                    "INSERT INTO outbox (id, kind, summary, actor, state, created_at, attempts, "
                    "last_error, step_count, record_count, payload) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?)"));
                while (haveOutbox && readOutbox.next()) {
                    if (!Transaction::fromPayload(readOutbox.value(0).toString(),
                                                  readOutbox.value(10).toByteArray())) {
                        ++unreadable;
                        continue;
                    }
                    for (int i = 0; i < 11; ++i)
                        insertTx.bindValue(i, readOutbox.value(i));
                    transactions += insertTx.exec();
                }
                if (!haveOutbox)
                    ++unreadable;
                return success();
            });
        }
    }
    QSqlDatabase::removeDatabase(name);
    note(QStringLiteral("Recovered from the damaged file: %1 API token(s) and %2 unsynced "
                        "transaction(s)%3.")
             .arg(tokens)
             .arg(transactions)
             .arg(unreadable ? QStringLiteral("; %1 could not be read").arg(unreadable)
                             : QString()));
}

Status Buffer::openConnection()
{
    // Created readable by its owner only (CONTRACT §6): it holds token hashes and unsynced work.
    // SQLite gives the -wal and -shm files the database file's permissions.
    if (!QFileInfo::exists(m_path)) {
        const int fd =
            ::open(QFile::encodeName(m_path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
    }
    m_connectionName = QStringLiteral("buffer-%1").arg(++g_connectionCounter);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    if (!db.open())
        return unavailable(
            QStringLiteral("buffer: cannot open %1: %2").arg(m_path, db.lastError().text()));
    return configure();
}

Status Buffer::configure()
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    // The busy handler first: another thread's writer may hold the lock while we start.
    // SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries, so a writer
    // that met a 3 ms lock (the sync engine marking a batch applied) answered ~18 ms late. This
    // one tries again every 100 us, for up to m_busyPatienceMs (30 s unless set otherwise).
    if (sqlite3 *handle = sql::handle(db)) {
        sqlite3_busy_handler(
            handle,
            [](void *self, int tries) -> int {
                constexpr int kRetryMicros = 100;
                const int maxTries =
                    static_cast<const Buffer *>(self)->m_busyPatienceMs * 1000 / kRetryMicros;
                if (tries >= maxTries)
                    return 0;
                ::usleep(kRetryMicros);
                return 1;
            },
            this);
    } else if (!query.exec(QStringLiteral("PRAGMA busy_timeout = 30000"))) {
        return sql::failure(query, QStringLiteral("busy_timeout"));
    }
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next()) {
        noteDamage(query.lastError().nativeErrorCode());
        const int code = query.lastError().nativeErrorCode().toInt() & 0xff;
        if (code == SQLITE_FULL)
            return unavailable(QStringLiteral("buffer: the disk holding %1 is full; free some "
                                              "space and start again (nothing was changed)")
                                   .arg(m_path));
        if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
            return unavailable(QStringLiteral("buffer: %1 cannot be written (%2)")
                                   .arg(m_path, query.lastError().text()));
        return unavailable(QStringLiteral("buffer: %1 is not a usable SQLite file (%2)")
                               .arg(m_path, query.lastError().text()));
    }
    // journal_mode answers with the mode in force: anything but "wal" means no durability promise.
    if (query.value(0).toString().compare(QLatin1StringView("wal"), Qt::CaseInsensitive) != 0)
        return unavailable(QStringLiteral("buffer: %1 refused WAL mode (answered %2)")
                               .arg(m_path, query.value(0).toString()));
    for (const char *pragma :
         {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA wal_autocheckpoint = 0"})
        if (!query.exec(QString::fromLatin1(pragma)))
            return sql::failure(query, QString::fromLatin1(pragma));
    // After wal_autocheckpoint, which would replace it: each commit reports the WAL's size.
    if (sqlite3 *handle = sql::handle(db); handle && m_walSync)
        sqlite3_wal_hook(
            handle,
            [](void *sync, sqlite3 *, const char *, int frames) {
                static_cast<WalSync *>(sync)->noteWalFrames(frames);
                return SQLITE_OK;
            },
            m_walSync.get());
    return success();
}

Status Buffer::checkIntegrity()
{
    QSqlQuery query(database());
    // quick_check: the integrity check minus index-content comparison, O(pages) and fast enough
    // to run at every start even on a million-row buffer.
    if (!query.exec(QStringLiteral("PRAGMA quick_check"))) {
        noteDamage(query.lastError().nativeErrorCode());
        return unavailable(query.lastError().text());
    }
    QStringList problems;
    while (query.next())
        if (query.value(0).toString() != QLatin1StringView("ok"))
            problems << query.value(0).toString();
    m_damaged = !problems.isEmpty();
    if (!problems.isEmpty())
        return unavailable(problems.mid(0, 5).join(QLatin1StringView("; ")));
    return success();
}

void Buffer::noteDamage(const QString &nativeCode)
{
    // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26) mean the file itself is bad; a busy lock or a
    // full disk must never get a good buffer moved aside.
    const int code = nativeCode.toInt() & 0xff;
    m_damaged = code == 11 || code == 26;
}

Status Buffer::migrate()
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return sql::failure(query, QStringLiteral("user_version"));
    const int current = query.value(0).toInt();
    query.finish(); // a statement left open would lock tables that a migration drops
    const auto &migrations = bufferMigrations();
    if (current > migrations.size())
        return unavailable(QStringLiteral("buffer: %1 has schema version %2, newer than this "
                                          "program's %3; use a newer opsconsole")
                               .arg(m_path)
                               .arg(current)
                               .arg(migrations.size()));
    for (int version = current + 1; version <= migrations.size(); ++version) {
        auto applied = write([&]() -> Status {
            for (const QString &statement : migrations[version - 1])
                if (auto ran = sql::run(db, statement); !ran)
                    return ran;
            return sql::run(db, QStringLiteral("PRAGMA user_version = %1").arg(version));
        });
        if (!applied)
            return applied;
        qCInfo(lcBuffer) << "buffer migrated to schema version" << version;
    }
    return success();
}

void Buffer::group(const std::function<void()> &work, std::function<void(Status)> durable,
                   bool syncHere)
{
    if (Status broken = refuseAfterFailedSync(); !broken) {
        durable(broken);
        return;
    }
    QSqlDatabase db = database();
    WriterTurn::Held turn(m_turn.get());
    // This COMMIT only writes the WAL; the WalSync's thread syncs it while the next group is
    // prepared. The connection goes back to synchronous=FULL for every other write.
    auto begin = sql::prepareCached(db, QStringLiteral("BEGIN IMMEDIATE"));
    auto commit = sql::prepareCached(db, QStringLiteral("COMMIT"));
    if (!begin || !commit || !setSynchronous(db, false) || !begin.value()->exec()) {
        setSynchronous(db, true);
        Status failed = unavailable(
            QStringLiteral("the local buffer cannot be written: %1")
                .arg(begin ? begin.value()->lastError().text() : QStringLiteral("prepare")));
        noteWriteOutcome(m_path, failed);
        durable(failed);
        return;
    }
    m_inGroup = true;
    work();
    m_inGroup = false;
    faultPoint("before-group-commit");
    Status result = success();
    // Counted as begun before the COMMIT makes the group visible: a reader that sees it and then
    // waits for durability waits for this group's sync too.
    m_walSync->beginCommit();
    if (!commit.value()->exec()) {
        result = unavailable(QStringLiteral("the local buffer cannot be written (commit: %1)")
                                 .arg(commit.value()->lastError().text()));
        QSqlQuery rollback(db);
        rollback.exec(QStringLiteral("ROLLBACK"));
    }
    m_walSync->endCommit();
    if (!setSynchronous(db, true) && result)
        result = unavailable(QStringLiteral("the local buffer cannot be written (synchronous)"));
    turn.release();
    faultPoint("after-group-commit");
    if (result && syncHere)
        result = m_walSync->syncHere();
    if (!result || syncHere) {
        noteWriteOutcome(m_path, result);
        durable(result);
        return;
    }
    m_walSync->whenDurable([path = m_path, durable = std::move(durable)](Status synced) {
        noteWriteOutcome(path, synced);
        durable(synced);
    });
}

bool Buffer::setSynchronous(const QSqlDatabase &db, bool full)
{
    // A PRAGMA takes effect when it is compiled, not when it runs: never a cached statement.
    sqlite3 *handle = sql::handle(db);
    return handle &&
           sqlite3_exec(handle, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                        nullptr, nullptr, nullptr) == SQLITE_OK;
}

Status Buffer::refuseAfterFailedSync()
{
    // After a failed fdatasync the kernel may have dropped the pages it could not write: nothing
    // more is committed to this file until the console is restarted.
    if (m_walSync)
        if (QString failed = m_walSync->failure(); !failed.isEmpty()) {
            Status refused = unavailable(failed);
            noteWriteOutcome(m_path, refused);
            return refused;
        }
    return success();
}

int Buffer::walFrames() const
{
    return m_walSync ? m_walSync->walFrames() : 0;
}

Status Buffer::waitDurable()
{
    return m_walSync ? m_walSync->waitDurable() : success();
}

Status Buffer::write(const std::function<Status()> &work, Durability durability)
{
    QSqlDatabase db = database();
    if (m_inGroup) {
        // Inside a group commit: a savepoint isolates this write; the group's COMMIT syncs it.
        auto savepoint = sql::prepareCached(db, QStringLiteral("SAVEPOINT w"));
        auto release = sql::prepareCached(db, QStringLiteral("RELEASE w"));
        auto undo = sql::prepareCached(db, QStringLiteral("ROLLBACK TO w"));
        if (!savepoint || !release || !undo || !savepoint.value()->exec())
            return unavailable(QStringLiteral("the local buffer cannot be written (savepoint)"));
        Status result = work();
        if (!result)
            undo.value()->exec();
        if (!release.value()->exec() && result)
            result = unavailable(QStringLiteral("the local buffer cannot be written (release: %1)")
                                     .arg(release.value()->lastError().text()));
        return result;
    }
    if (Status broken = refuseAfterFailedSync(); !broken)
        return broken;
    WriterTurn::Held turn(m_turn.get());
    auto begin = sql::prepareCached(db, QStringLiteral("BEGIN IMMEDIATE"));
    auto commit = sql::prepareCached(db, QStringLiteral("COMMIT"));
    if (!begin || !commit)
        return unavailable(QStringLiteral("the local buffer cannot be written"));
    // A deferred write commits without holding the writers' turn through an fsync of its own,
    // nor sharing the disk's flush with the acknowledgments' syncs. (SQLite changes the setting
    // only outside a transaction; the connection is back at FULL for every other write.)
    const bool deferred = durability == Durability::Deferred;
    const auto durableAgain = qScopeGuard([&] {
        if (deferred)
            setSynchronous(db, true);
    });
    const bool relaxed = !deferred || setSynchronous(db, false);
    if (!relaxed || !begin.value()->exec()) {
        Status failed = unavailable(
            QStringLiteral("the local buffer cannot be written: %1")
                .arg(relaxed ? begin.value()->lastError().text() : QStringLiteral("synchronous")));
        noteWriteOutcome(m_path, failed);
        return failed;
    }
    Status result = work();
    // A COMMIT that fails (disk full, I/O error, file gone read-only) always means the buffer
    // cannot be written: nothing was acknowledged, nothing is kept.
    if (result && !commit.value()->exec())
        result = unavailable(QStringLiteral("the local buffer cannot be written (commit: %1)")
                                 .arg(commit.value()->lastError().text()));
    if (!result) {
        QSqlQuery rollback(db);
        rollback.exec(QStringLiteral("ROLLBACK"));
    }
    noteWriteOutcome(m_path, result);
    return result;
}

Buffer::CheckpointOutcome Buffer::checkpoint(Checkpoint mode)
{
    std::optional<WriterTurn::Held> turn;
    if (mode != Checkpoint::Passive) {
        turn.emplace(m_turn.get());
        m_busyPatienceMs = kCheckpointPatienceMs;
    }
    const auto patient = qScopeGuard([this] { m_busyPatienceMs = kBusyPatienceMs; });
    QSqlQuery q(database());
    q.setForwardOnly(true);
    const QString statement = mode == Checkpoint::Passive   ? QStringLiteral("PASSIVE")
                              : mode == Checkpoint::Restart ? QStringLiteral("RESTART")
                                                            : QStringLiteral("TRUNCATE");
    CheckpointOutcome outcome;
    // Answers: busy (1 when it could not finish), frames in the WAL, frames copied.
    if (q.exec(QStringLiteral("PRAGMA wal_checkpoint(%1)").arg(statement)) && q.next()) {
        outcome.done = q.value(0).toInt() == 0;
        outcome.walFrames = q.value(1).toLongLong();
    }
    return outcome;
}

QString Buffer::consoleId() const
{
    QSqlQuery query(database());
    query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'console_id'"));
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace ops
