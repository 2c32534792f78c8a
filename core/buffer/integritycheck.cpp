#include "integritycheck.h"

#include "buffer.h"
#include "logging.h"
#include "sqlsupport.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace ops {

namespace {

QStringList integrityProblems(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("PRAGMA integrity_check(100)")))
        return {query.lastError().text()};
    QStringList problems;
    while (query.next())
        if (query.value(0).toString() != QLatin1StringView("ok"))
            problems << query.value(0).toString();
    return problems;
}

bool onlyIndexProblems(const QStringList &problems)
{
    for (const QString &p : problems)
        if (!p.contains(QLatin1StringView("index")))
            return false;
    return true;
}

} // namespace

QString IntegrityCheck::Outcome::describe() const
{
    if (problems.isEmpty())
        return QStringLiteral("intact");
    const QString list = problems.mid(0, 5).join(QLatin1StringView("; "));
    return repaired ? QStringLiteral("index damage found and repaired by REINDEX (%1)").arg(list)
                    : QStringLiteral("damaged: %1").arg(list);
}

IntegrityCheck::Outcome IntegrityCheck::run(const QString &path)
{
    Outcome outcome;
    Buffer buffer;
    if (auto opened = buffer.open(path); !opened) {
        outcome.problems << opened.error().message;
        return outcome;
    }
    outcome.problems = integrityProblems(buffer.database());
    if (outcome.problems.isEmpty() || !onlyIndexProblems(outcome.problems))
        return outcome;
    // Indexes are derived from the tables: rebuilding them loses nothing.
    const Status reindexed = buffer.write(
        [&]() -> Status { return sql::run(buffer.database(), QStringLiteral("REINDEX")); });
    outcome.repaired = reindexed.ok() && integrityProblems(buffer.database()).isEmpty();
    return outcome;
}

IntegrityCheck::IntegrityCheck(QString path, std::shared_ptr<SyncStatus> status, int delayMs)
{
    m_thread.reset(QThread::create([this, path = std::move(path), status, delayMs] {
        for (int waited = 0; waited < delayMs && !m_stopping; waited += 100)
            QThread::msleep(100);
        if (m_stopping)
            return;
        const Outcome outcome = run(path);
        if (outcome.problems.isEmpty()) {
            qCInfo(lcBuffer) << "full integrity check: intact";
            return;
        }
        if (outcome.repaired) {
            qCWarning(lcBuffer).noquote() << "full integrity check:" << outcome.describe();
            return;
        }
        qCCritical(lcBuffer).noquote() << "full integrity check:" << outcome.describe();
        QFile marker(Buffer::recoveryMarker(path));
        if (marker.open(QIODevice::WriteOnly))
            marker.write(outcome.describe().toUtf8());
        status->update([&](SyncStatus::Snapshot &s) {
            s.bufferDamage = QStringLiteral("the full integrity check failed (%1); restart the "
                                            "console to move the buffer aside and recover its "
                                            "tokens and unsynced work")
                                 .arg(outcome.describe());
        });
    }));
    m_thread->setObjectName(QStringLiteral("integrity"));
    m_thread->start(QThread::LowestPriority);
}

IntegrityCheck::~IntegrityCheck()
{
    m_stopping = true;
    m_thread->wait();
}

} // namespace ops
