// Sync benchmark (issue 3): drain rate of a 100,000-file backlog to central, against COPY of the
// same rows into the same table measured in the same run, on loopback and through a TCP proxy that
// delays each direction by 5 ms (10 ms round trip).
// Needs a PostgreSQL: run through scripts/bench.sh, which starts one (OPSCONSOLE_TEST_CENTRAL).
#include "buffer.h"
#include "centralschema.h"
#include "operations.h"
#include "pgconnection.h"
#include "syncengine.h"
#include "timestamps.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <QJsonArray>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <algorithm>

#include <cstdio>
#include <tuple>

using namespace ops;

namespace {

constexpr int kFiles = 100000;
constexpr int kPerBulk = 1000;    // automation's usual bulk
constexpr int kSmallPerBulk = 20; // starts between bulks: 2,000 small transactions in all
constexpr int kRows = kFiles + kFiles / kPerBulk * kSmallPerBulk;
constexpr int kRuns = 3;

/// Forwards TCP to PostgreSQL, holding every chunk `delayMs` in each direction.
class DelayProxy final : public QObject
{
public:
    DelayProxy(quint16 upstream, int delayMs) : m_upstream(upstream), m_delay(delayMs)
    {
        m_server.setParent(this); // moves to the proxy's thread with it
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                auto *server = new QTcpSocket(client);
                server->connectToHost(QHostAddress::LocalHost, m_upstream);
                pipe(client, server);
                pipe(server, client);
                QObject::connect(client, &QTcpSocket::disconnected, server, [server] {
                    QTimer::singleShot(20, server, [server] { server->disconnectFromHost(); });
                });
                QObject::connect(server, &QTcpSocket::disconnected, client, [client] {
                    QTimer::singleShot(20, client, [client] { client->disconnectFromHost(); });
                });
            }
        });
    }
    quint16 listen()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        return m_server.serverPort();
    }

private:
    void pipe(QTcpSocket *from, QTcpSocket *to)
    {
        QObject::connect(from, &QTcpSocket::readyRead, to, [this, from, to] {
            const QByteArray data = from->readAll();
            QTimer::singleShot(m_delay, Qt::PreciseTimer, to, [to, data] { to->write(data); });
        });
    }
    QTcpServer m_server;
    quint16 m_upstream;
    int m_delay;
};

QString withPort(const QString &conninfo, quint16 port, const QString &db)
{
    return conninfo + QStringLiteral(" port=%1 dbname=%2").arg(port).arg(db);
}

QString createDatabase(const QString &base)
{
    const QString name =
        QStringLiteral("bench_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    PgConnection admin;
    admin.connect(base);
    admin.exec("CREATE DATABASE " + name.toLatin1());
    PgConnection db;
    db.connect(base + QStringLiteral(" dbname=") + name);
    centralschema::migrate(db);
    return name;
}

/// Baseline: the same rows (files and observations), COPY'd in 10,000-row transactions into the
/// same tables.
double copyBaseline(const QString &conninfo, const QString &observation, const QStringList &paths)
{
    PgConnection pg;
    pg.connect(conninfo);
    pg.exec("INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, status, start_time, "
            "operator) VALUES ('" +
            observation.toLatin1() + "', 1, 'ccat', 'running', now(), 'bench')");
    // The rows are built before the clock starts: the baseline is COPY itself, the fastest
    // honest way to put these rows into central.
    const QString now = timestamps::format(0);
    QList<QByteArray> chunks;
    for (int from = 0; from < kFiles; from += kPerBulk) {
        QByteArray data;
        for (int i = from; i < from + kPerBulk; ++i) {
            data += QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() + '\t' +
                    observation.toLatin1() + "\tprimecam-280\t" + paths[i].toLatin1() + '\t' +
                    QByteArray::number(1048576 + i) + '\t' + QByteArray(64, 'a') +
                    "\tsha256\tfits\t" + now.toLatin1() + '\t' + now.toLatin1() + '\n';
        }
        chunks << data;
    }
    QByteArray observations;
    for (int i = 0; i < kRows - kFiles; ++i)
        observations += QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() + '\t' +
                        QByteArray::number(i + 2) + "\tccat\trunning\t" + now.toLatin1() +
                        "\t{}\tbench\t" + now.toLatin1() + '\t' + now.toLatin1() + '\n';
    QElapsedTimer timer;
    timer.start();
    for (const QByteArray &data : std::as_const(chunks)) {
        pg.exec("BEGIN");
        pg.copyIn("COPY opsdb.raw_data_file (id, executed_obs_unit_id, instrument_module, "
                  "relative_path, size_bytes, "
                  "checksum, checksum_algorithm, file_type, created_at, updated_at) FROM STDIN",
                  data);
        pg.exec("COMMIT");
    }
    pg.exec("BEGIN");
    pg.copyIn("COPY opsdb.executed_obs_unit (id, obs_unit_id, site, status, start_time, obs_info, "
              "operator, created_at, updated_at) FROM STDIN",
              observations);
    pg.exec("COMMIT");
    return timer.nsecsElapsed() / 1e9;
}

/// The console: a buffer with the backlog, then the sync engine drains it into central.
double drain(const QString &conninfo, const QString &dir, const QStringList &paths, int run)
{
    const QString bufferPath = dir + QStringLiteral("/drain-%1.sqlite").arg(run);
    Buffer buffer;
    buffer.open(bufferPath, Buffer::Role::Owner);
    Operations operations(buffer, SiteSettings{});
    const QString observation =
        operations.startObservation({{QStringLiteral("obs_unit_id"), 1}}, QStringLiteral("bench"))
            ->id;
    for (int from = 0; from < kFiles; from += kPerBulk) {
        QJsonArray files;
        for (int i = from; i < from + kPerBulk; ++i)
            files.append(
                QJsonObject{{QStringLiteral("executed_obs_unit_id"), observation},
                            {QStringLiteral("instrument_module"), QStringLiteral("primecam-280")},
                            {QStringLiteral("relative_path"), paths[i]},
                            {QStringLiteral("size_bytes"), 1048576 + i},
                            {QStringLiteral("checksum"), QString(64, QLatin1Char('a'))}});
        operations.registerFiles(files, QStringLiteral("bench"));
        for (int k = 0; k < kSmallPerBulk; ++k)
            (void)operations.startObservation({{QStringLiteral("obs_unit_id"), 2 + from + k}},
                                              QStringLiteral("bench"));
    }

    // The console's checkpoint timer folds the WAL back while a backlog builds up; here it was
    // idle, so the fill's WAL is folded before the clock starts rather than inside the drain.
    QSqlQuery(buffer.database()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));

    QThread thread;
    thread.start();
    SyncEngine::Settings settings;
    settings.bufferPath = bufferPath;
    settings.central = conninfo;
    settings.mainSite = true;
    auto *engine = new SyncEngine(settings, std::make_shared<SyncStatus>());
    engine->moveToThread(&thread);
    QElapsedTimer timer;
    timer.start();
    QMetaObject::invokeMethod(engine, &SyncEngine::start);
    for (;;) {
        QSqlQuery q(buffer.database());
        q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'pending'"));
        if (q.next() && q.value(0).toInt() == 0)
            break;
        QThread::msleep(20);
        QCoreApplication::processEvents();
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    QMetaObject::invokeMethod(
        engine, [engine] { delete engine; }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    return seconds;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString base = QString::fromLocal8Bit(qgetenv("OPSCONSOLE_TEST_CENTRAL"));
    if (base.isEmpty()) {
        std::fprintf(stderr, "OPSCONSOLE_TEST_CENTRAL is not set: run through scripts/bench.sh\n");
        return 2;
    }
    const quint16 pgPort = static_cast<quint16>(qEnvironmentVariableIntValue("PG_PORT"));
    QTemporaryDir dir;
    QStringList paths;
    for (int i = 0; i < kFiles; ++i)
        paths << QStringLiteral("scan%1/det%2.fits").arg(i / 1000).arg(i);

    QThread proxyThread;
    proxyThread.start();
    auto *proxy = new DelayProxy(pgPort, 5);
    proxy->moveToThread(&proxyThread);
    quint16 proxyPort = 0;
    QMetaObject::invokeMethod(
        proxy, [&] { proxyPort = proxy->listen(); }, Qt::BlockingQueuedConnection);
    // The telescope's link to Cologne: about 230 ms round trip. (Loss cannot be simulated here:
    // this kernel has no netem, so no network namespace with tc; a user-space proxy only delays.)
    auto *farProxy = new DelayProxy(pgPort, 115);
    farProxy->moveToThread(&proxyThread);
    quint16 farPort = 0;
    QMetaObject::invokeMethod(
        farProxy, [&] { farPort = farProxy->listen(); }, Qt::BlockingQueuedConnection);

    int run = 0;
    bool missed = false; // the exit status says whether a figure missed its target
    std::printf("backlog: %d files in bulks of %d, %d small transactions between them (%d rows)\n",
                kFiles, kPerBulk, kRows - kFiles, kRows);
    // Links named on the command line (loopback, 10ms, 230ms) run alone; none named runs all.
    const QStringList only = app.arguments().mid(1);
    for (const auto &[label, name, port] : {std::tuple{"loopback", "loopback", pgPort},
                                            std::tuple{"10 ms round trip", "10ms", proxyPort},
                                            std::tuple{"230 ms round trip", "230ms", farPort}}) {
        if (!only.isEmpty() && !only.contains(QLatin1StringView(name)))
            continue;
        QList<double> ratios, copyRates, drainRates;
        for (int r = 0; r < kRuns; ++r) {
            const double copySeconds =
                copyBaseline(withPort(base, port, createDatabase(base)),
                             QUuid::createUuid().toString(QUuid::WithoutBraces), paths);
            const double drainSeconds =
                drain(withPort(base, port, createDatabase(base)), dir.path(), paths, ++run);
            copyRates << kRows / copySeconds;
            drainRates << kRows / drainSeconds;
            ratios << copySeconds / drainSeconds;
        }
        std::sort(ratios.begin(), ratios.end());
        std::sort(copyRates.begin(), copyRates.end());
        std::sort(drainRates.begin(), drainRates.end());
        const double median = ratios[kRuns / 2];
        std::printf("%-17s COPY %7.0f rows/s   drain %7.0f rows/s   drain/COPY median %.2f "
                    "(runs %.2f-%.2f) (target >= 0.85) %s\n",
                    label, copyRates[kRuns / 2], drainRates[kRuns / 2], median, ratios.first(),
                    ratios.last(), median >= 0.85 ? "PASS" : "FAIL");
        missed = missed || median < 0.85;
        std::fflush(stdout);
    }
    QMetaObject::invokeMethod(
        proxy, [proxy] { delete proxy; }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(
        farProxy, [farProxy] { delete farProxy; }, Qt::BlockingQueuedConnection);
    proxyThread.quit();
    proxyThread.wait();
    return missed ? 1 : 0;
}
