#pragma once
// The real PostgreSQL the test script started (scripts/pg.sh), a fresh database per test, the
// server stopped and started under the console, and the real console as a child process.

#include "pgconnection.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <unistd.h>

namespace testsupport {

/// The central database of one test.
class Central
{
public:
    Central()
    {
        const QString base = QString::fromLocal8Bit(qgetenv("OPSCONSOLE_TEST_CENTRAL"));
        if (base.isEmpty())
            qFatal("OPSCONSOLE_TEST_CENTRAL is not set: run the tests through scripts/test.sh, "
                   "which starts PostgreSQL");
        m_name = QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
        ops::PgConnection admin;
        if (!admin.connect(base) || !admin.exec("CREATE DATABASE " + m_name.toLatin1()))
            qFatal("cannot create the test database: %s", qPrintable(admin.lastError()));
        m_conninfo = base + QStringLiteral(" dbname=") + m_name;
    }
    QString conninfo() const { return m_conninfo; }

    /// One value from central, on a short-lived connection (the server may have restarted).
    QString value(const QByteArray &sql)
    {
        ops::PgConnection pg;
        if (!pg.connect(m_conninfo))
            return QStringLiteral("<no connection: %1>").arg(pg.lastError());
        const auto rows = pg.query(sql);
        return rows ? rows->value(0).value(0) : QStringLiteral("<error: %1>").arg(pg.lastError());
    }
    qint64 count(const QByteArray &tableAndWhere)
    {
        return value("SELECT count(*) FROM opsdb." + tableAndWhere).toLongLong();
    }
    bool exec(const QByteArray &sql)
    {
        ops::PgConnection pg;
        return pg.connect(m_conninfo) && pg.exec(sql);
    }

    static bool serverCommand(const QStringList &pgCtlArguments)
    {
        const QString bin = QString::fromLocal8Bit(qgetenv("PG_BIN"));
        const QString data = QString::fromLocal8Bit(qgetenv("OPSCONSOLE_TEST_PGDATA"));
        QStringList args{bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), data};
        args += pgCtlArguments;
        QProcess p;
        if (::geteuid() == 0)
            p.start(QStringLiteral("runuser"),
                    QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                QStringLiteral("--")} +
                        args);
        else
            p.start(args.takeFirst(), args);
        return p.waitForFinished(60000) && p.exitCode() == 0;
    }
    static bool stopServer()
    {
        return serverCommand({QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                              QStringLiteral("stop")});
    }
    static bool startServer()
    {
        const QString dir = QString::fromLocal8Bit(qgetenv("PG_DIR"));
        return serverCommand({QStringLiteral("-w"), QStringLiteral("-l"),
                              dir + QStringLiteral("/server.log"), QStringLiteral("-o"),
                              QString::fromLocal8Bit(qgetenv("PG_OPTS")), QStringLiteral("start")});
    }

private:
    QString m_name;
    QString m_conninfo;
};

/// The real opsconsole, headless, serving on a free port.
class Console
{
public:
    explicit Console(QString bufferPath) : m_buffer(std::move(bufferPath)) {}
    ~Console() { stop(); }

    QString createToken(const QString &name = QStringLiteral("automation"))
    {
        QProcess p;
        // Names are unique per buffer: several consoles in a test may share one buffer file.
        p.start(QStringLiteral(OPSCONSOLE_PATH),
                {QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--name"),
                 name + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(6),
                 QStringLiteral("--scopes"), QStringLiteral("admin"), QStringLiteral("--buffer"),
                 m_buffer});
        p.waitForFinished(30000);
        m_token = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        return m_token;
    }

    bool start(const QString &central, const QStringList &extra = {}, const QByteArray &fault = {})
    {
        m_process = std::make_unique<QProcess>();
        QStringList args{QStringLiteral("--headless"), QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:0"), QStringLiteral("--buffer"), m_buffer};
        if (!central.isEmpty())
            args << QStringLiteral("--central") << central;
        args += extra;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        if (!fault.isEmpty())
            env.insert(QStringLiteral("OPSCONSOLE_FAULT"), QString::fromLatin1(fault));
        m_process->setProcessEnvironment(env);
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        m_process->setStandardErrorFile(m_buffer + QStringLiteral(".log"), QIODevice::Append);
        m_process->start(QStringLiteral(OPSCONSOLE_PATH), args);
        if (!m_process->waitForStarted(10000))
            return false;
        static const QRegularExpression listening(QStringLiteral("listening on [^:]+:(\\d+)"));
        QByteArray out;
        while (m_process->waitForReadyRead(15000)) {
            out += m_process->readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(out));
            if (match.hasMatch()) {
                m_client = std::make_unique<HttpClient>(
                    QStringLiteral("http://127.0.0.1:%1").arg(match.captured(1)), m_token);
                return true;
            }
        }
        qWarning("console did not start: %s", m_process->readAllStandardError().constData());
        return false;
    }
    void stop()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(20000))
                m_process->kill();
        }
    }
    bool waitForDeath(int ms) { return m_process->waitForFinished(ms); }
    /// Reuses a token created earlier on the same buffer (a console restarted on its buffer).
    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }
    QString bufferPath() const { return m_buffer; }
    bool running() const { return m_process && m_process->state() != QProcess::NotRunning; }
    QProcess &process() { return *m_process; }
    HttpClient &http() { return *m_client; }

    QJsonObject health() { return http().get(QStringLiteral("/health")).object(); }
    qint64 outboxRows(const char *state)
    {
        const QString name = QStringLiteral("outbox-rows-") + QUuid::createUuid().toString();
        qint64 count = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_buffer);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE state = ?"));
                q.addBindValue(QString::fromLatin1(state));
                if (q.exec() && q.next())
                    count = q.value(0).toLongLong();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return count;
    }
    /// Transactions waiting, and dead letters, as the buffer stores them (the outbox rows, read
    /// on a read-only connection of the test's own), not as /health reports them.
    qint64 pending() { return outboxRows("pending"); }
    qint64 failed() { return outboxRows("failed"); }
    /// Waits until nothing is pending any more: in the rows, and in what /health says.
    bool drained(int timeoutMs = 60000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (pending() == 0 && health().value(QLatin1StringView("buffer"))
                                          .toObject()
                                          .value(QLatin1StringView("pending"))
                                          .toInteger(-1) == 0)
                return true;
            QTest::qWait(200);
        }
        return false;
    }

    QString start(qint64 obsUnit, const QJsonObject &extra = {})
    {
        QJsonObject body = extra;
        body.insert(QStringLiteral("obs_unit_id"), obsUnit);
        const auto r = http().post(QStringLiteral("/executed_obs_units/start"), body);
        return r.status == 201 ? r.object().value(QLatin1StringView("id")).toString() : QString();
    }
    QStringList files(const QString &observation, int count, const QString &prefix)
    {
        QJsonArray bulk;
        for (int i = 0; i < count; ++i)
            bulk.append(fileBody(observation, QStringLiteral("%1/%2.fits").arg(prefix).arg(i)));
        const auto r = http().post(QStringLiteral("/raw_data_files/bulk"), bulk);
        QStringList ids;
        for (const QJsonValue &v : r.object().value(QLatin1StringView("ids")).toArray())
            ids << v.toString();
        return r.status == 201 ? ids : QStringList();
    }

private:
    QString m_buffer;
    QString m_token;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<HttpClient> m_client;
};

} // namespace testsupport
