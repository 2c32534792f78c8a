#include "buffer.h"

#include "buffermigrations.h"
#include "logging.h"
#include "sqlsupport.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

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
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return unavailable(
            QStringLiteral("buffer: cannot create folder %1").arg(info.absolutePath()));
    m_damaged = false;
    Status opened = openConnection();
    if (!opened && !(role == Role::Owner && m_damaged))
        return opened;
    if (role == Role::Owner) {
        Status intact = opened ? checkIntegrity() : opened;
        if (!intact) {
            if (!m_damaged)
                return intact;
            // Never delete: the damaged file may hold acknowledged work not yet in central.
            close();
            const QString stamp =
                QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
            m_quarantined = path + QStringLiteral(".damaged-") + stamp;
            qCCritical(lcBuffer).noquote()
                << "buffer" << path << "is damaged:" << intact.error().message << "- moved aside to"
                << m_quarantined << "and a new buffer started";
            for (const QString &suffix :
                 {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                if (QFile::exists(path + suffix) &&
                    !QFile::rename(path + suffix, m_quarantined + suffix))
                    return unavailable(
                        QStringLiteral("buffer: %1 is damaged and cannot be moved aside")
                            .arg(path));
            if (auto reopened = openConnection(); !reopened)
                return reopened;
        }
        if (auto migrated = migrate(); !migrated)
            return migrated;
    }
    return success();
}

Status Buffer::openConnection()
{
    // Created readable by its owner only (CONTRACT §6): it holds token hashes and unsynced work.
    // SQLite gives the -wal and -shm files the database file's permissions.
    if (!QFileInfo::exists(m_path)) {
        const int fd = ::open(QFile::encodeName(m_path).constData(), O_RDWR | O_CREAT | O_CLOEXEC,
                              0600);
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
    // The busy timeout first: another thread's writer may hold the lock while we start.
    if (!query.exec(QStringLiteral("PRAGMA busy_timeout = 30000")))
        return sql::failure(query, QStringLiteral("busy_timeout"));
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next()) {
        noteDamage(query.lastError().nativeErrorCode());
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

Status Buffer::write(const std::function<Status()> &work)
{
    QSqlDatabase db = database();
    auto begin = sql::prepareCached(db, QStringLiteral("BEGIN IMMEDIATE"));
    auto commit = sql::prepareCached(db, QStringLiteral("COMMIT"));
    if (!begin || !commit)
        return unavailable(QStringLiteral("the local buffer cannot be written"));
    if (!begin.value()->exec()) {
        Status failed = unavailable(QStringLiteral("the local buffer cannot be written: %1")
                                        .arg(begin.value()->lastError().text()));
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

QString Buffer::consoleId() const
{
    QSqlQuery query(database());
    query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'console_id'"));
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace ops
