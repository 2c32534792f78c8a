// Sync benchmark (issues 3 and 11), against baselines measured in the same run:
// - drain of a 100,000-file backlog (bulks of 1,000 with 20 small transactions after each) to
//   central, against COPY of the same rows into the same tables, on loopback, through a TCP proxy
//   adding 10 ms round trip, and through one adding 230 ms (the telescope's link);
// - eight consoles draining a backlog each into one central at once, against one COPY stream of
//   all their rows, checking every row arrived exactly once and nothing was dead-lettered;
// - how long a change committed on central takes to show in a console's buffer, on loopback and
//   over the 230 ms link (goal: 2 round trips + 100 ms).
// Arguments pick sections: loopback 10ms 230ms consoles appear (none: all).
// Needs a PostgreSQL: run through scripts/bench.sh, which starts one (OPSCONSOLE_TEST_CENTRAL).
#include "../mustsucceed.h"
#include "buffer.h"
#include "centralschema.h"
#include "operations.h"
#include "pgconnection.h"
#include "syncengine.h"
#include "timestamps.h"
#include "uuids.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <algorithm>

#include <cmath>
#include <cstdio>
#include <memory>
#include <tuple>
#include <vector>

using namespace ops;
using testsupport::mustSucceed;

namespace {

constexpr int kFiles = 100000;
constexpr int kPerBulk = 1000;    // automation's usual bulk
constexpr int kSmallPerBulk = 20; // starts between bulks: 2,000 small transactions in all
constexpr int kRows = kFiles + kFiles / kPerBulk * kSmallPerBulk;
constexpr int kRuns = 3;

/// Forwards TCP to PostgreSQL, holding every chunk `delayMs` in each direction. With `lossRate`,
/// packet loss is emulated by its effect on a TCP stream (this kernel has no netem, so no packet
/// can be dropped): a chunk of n segments is "lost" with probability 1 - (1 - lossRate)^n, and is
/// then held back a retransmission longer (at least 200 ms, Linux's minimum timeout, or one more
/// round trip), with everything behind it waiting, as TCP delivers in order.
class DelayProxy final : public QObject
{
public:
    DelayProxy(quint16 upstream, int delayMs, double lossRate = 0)
        : m_upstream(upstream), m_delay(delayMs), m_loss(lossRate)
    {
        m_clock.start();
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
    int retransmissions() const { return m_retransmissions; }

private:
    /// One direction: chunks waiting for their release time, in order.
    struct Direction : QObject
    {
        QList<std::pair<qint64, QByteArray>> queue;
        QTimer timer;
        qint64 lastRelease = 0;
    };

    void pipe(QTcpSocket *from, QTcpSocket *to)
    {
        auto *direction = new Direction;
        direction->setParent(to);
        direction->timer.setSingleShot(true);
        direction->timer.setTimerType(Qt::PreciseTimer);
        const auto flush = [this, direction, to] {
            const qint64 now = m_clock.elapsed();
            while (!direction->queue.isEmpty() && direction->queue.first().first <= now)
                to->write(direction->queue.takeFirst().second);
            if (!direction->queue.isEmpty())
                direction->timer.start(int(direction->queue.first().first - now));
        };
        QObject::connect(&direction->timer, &QTimer::timeout, to, flush);
        QObject::connect(from, &QTcpSocket::readyRead, to, [this, from, direction] {
            const QByteArray data = from->readAll();
            const qint64 now = m_clock.elapsed();
            qint64 release = now + m_delay;
            if (m_loss > 0) {
                const double segments = std::ceil(data.size() / 1448.0);
                if (QRandomGenerator::global()->generateDouble() <
                    1 - std::pow(1 - m_loss, segments)) {
                    release += std::max(200, 2 * m_delay);
                    ++m_retransmissions;
                }
            }
            release = std::max(release, direction->lastRelease);
            direction->lastRelease = release;
            direction->queue.append({release, data});
            if (!direction->timer.isActive() || direction->timer.remainingTime() > release - now)
                direction->timer.start(int(direction->queue.first().first - now));
        });
    }
    QTcpServer m_server;
    QElapsedTimer m_clock;
    quint16 m_upstream;
    int m_delay;
    double m_loss;
    int m_retransmissions = 0;
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
    mustSucceed(admin.connect(base), admin, "connecting to PostgreSQL");
    mustSucceed(admin.exec("CREATE DATABASE " + name.toLatin1()), admin, "CREATE DATABASE");
    PgConnection db;
    mustSucceed(db.connect(base + QStringLiteral(" dbname=") + name), db, "connecting to central");
    mustSucceed(centralschema::migrate(db), "creating central's schema");
    return name;
}

/// Baseline: the same rows (files and observations), COPY'd in 1,000-row transactions into the
/// same tables, in one stream.
double copyBaseline(const QString &conninfo, const QString &observation, const QStringList &paths,
                    int files, int smalls)
{
    PgConnection pg;
    mustSucceed(pg.connect(conninfo), pg, "connecting to central");
    mustSucceed(pg.query("INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, status, "
                         "start_time, operator) VALUES ($1, 1, 'ccat', 'running', now(), "
                         "'bench') RETURNING id",
                         {observation.toLatin1()})
                    .has_value(),
                pg, "the baseline's observation");
    // The rows are built before the clock starts: the baseline is COPY itself, the fastest
    // honest way to put these rows into central.
    const QString now = timestamps::format(0);
    QList<QByteArray> chunks;
    for (int from = 0; from < files; from += kPerBulk) {
        QByteArray data;
        for (int i = from; i < from + kPerBulk; ++i) {
            data += uuids::generate().toLatin1() + '\t' + // the ids the console makes
                    observation.toLatin1() + "\tprimecam-280\t" + paths[i].toLatin1() + '\t' +
                    QByteArray::number(1048576 + i) + '\t' + QByteArray(64, 'a') +
                    "\tsha256\tfits\t" + now.toLatin1() + '\t' + now.toLatin1() + '\n';
        }
        chunks << data;
    }
    QByteArray observations;
    for (int i = 0; i < smalls; ++i)
        observations += uuids::generate().toLatin1() + '\t' + QByteArray::number(i + 2) +
                        "\tccat\trunning\t" + now.toLatin1() + "\t{}\tbench\t" + now.toLatin1() +
                        '\t' + now.toLatin1() + '\n';
    QElapsedTimer timer;
    timer.start();
    for (const QByteArray &data : std::as_const(chunks)) {
        mustSucceed(pg.exec("BEGIN") &&
                        pg.copyIn("COPY opsdb.raw_data_file (id, executed_obs_unit_id, "
                                  "instrument_module, relative_path, size_bytes, checksum, "
                                  "checksum_algorithm, file_type, created_at, updated_at) FROM "
                                  "STDIN",
                                  data) &&
                        pg.exec("COMMIT"),
                    pg, "the baseline's COPY of files");
    }
    mustSucceed(pg.exec("BEGIN") &&
                    pg.copyIn("COPY opsdb.executed_obs_unit (id, obs_unit_id, site, status, "
                              "start_time, obs_info, operator, created_at, updated_at) FROM STDIN",
                              observations) &&
                    pg.exec("COMMIT"),
                pg, "the baseline's COPY of observations");
    return timer.nsecsElapsed() / 1e9;
}

/// A console's backlog: paths[from, to) in bulks of kPerBulk, kSmallPerBulk starts after each.
/// Returns how many transactions it holds.
int fillBacklog(const QString &bufferPath, const QStringList &paths, int from, int to)
{
    Buffer buffer;
    mustSucceed(buffer.open(bufferPath, Buffer::Role::Owner), "opening the backlog's buffer");
    Operations operations(buffer, SiteSettings{});
    const QString observation =
        mustSucceed(operations.startObservation({{QStringLiteral("obs_unit_id"), 1}},
                                                QStringLiteral("bench")),
                    "the backlog's observation")
            .id;
    int transactions = 1;
    for (int bulk = from; bulk < to; bulk += kPerBulk) {
        QJsonArray files;
        for (int i = bulk; i < bulk + kPerBulk; ++i)
            files.append(
                QJsonObject{{QStringLiteral("executed_obs_unit_id"), observation},
                            {QStringLiteral("instrument_module"), QStringLiteral("primecam-280")},
                            {QStringLiteral("relative_path"), paths[i]},
                            {QStringLiteral("size_bytes"), 1048576 + i},
                            {QStringLiteral("checksum"), QString(64, QLatin1Char('a'))}});
        mustSucceed(operations.registerFiles(files, QStringLiteral("bench")),
                    "a bulk of the backlog");
        for (int k = 0; k < kSmallPerBulk; ++k)
            mustSucceed(operations.startObservation({{QStringLiteral("obs_unit_id"), 2 + bulk + k}},
                                                    QStringLiteral("bench")),
                        "a small transaction of the backlog");
        transactions += 1 + kSmallPerBulk;
    }
    // The console's checkpoint timer folds the WAL back while a backlog builds up; here it was
    // idle, so the fill's WAL is folded before the clock starts rather than inside the drain.
    QSqlQuery(buffer.database()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    return transactions;
}

qint64 scalar(Buffer &buffer, const QString &sql)
{
    QSqlQuery q(buffer.database());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

/// Consoles: each one's sync engine on its own thread (as in the console), all started at once;
/// returns the seconds until every buffer has nothing pending.
double drainAll(const QString &conninfo, const QStringList &bufferPaths)
{
    QList<QThread *> threads;
    QList<SyncEngine *> engines;
    std::vector<std::unique_ptr<Buffer>> buffers;
    for (const QString &path : bufferPaths) {
        buffers.push_back(std::make_unique<Buffer>());
        mustSucceed(buffers.back()->open(path), "opening a console's buffer");
        auto *thread = new QThread;
        thread->start();
        SyncEngine::Settings settings;
        settings.bufferPath = path;
        settings.central = conninfo;
        settings.mainSite = true;
        auto *engine = new SyncEngine(settings, std::make_shared<SyncStatus>());
        engine->moveToThread(thread);
        threads << thread;
        engines << engine;
    }
    QElapsedTimer timer;
    timer.start();
    for (SyncEngine *engine : std::as_const(engines))
        QMetaObject::invokeMethod(engine, &SyncEngine::start);
    for (bool done = false; !done;) {
        done = true;
        for (auto &buffer : buffers)
            done =
                done &&
                scalar(*buffer,
                       QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'pending'")) == 0;
        if (!done) {
            QThread::msleep(20);
            QCoreApplication::processEvents();
        }
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    for (qsizetype i = 0; i < engines.size(); ++i) {
        SyncEngine *engine = engines[i];
        QMetaObject::invokeMethod(
            engine, [engine] { delete engine; }, Qt::BlockingQueuedConnection);
        threads[i]->quit();
        threads[i]->wait();
        delete threads[i];
    }
    return seconds;
}

/// The console: a buffer with the backlog, then the sync engine drains it into central.
double drain(const QString &conninfo, const QString &dir, const QStringList &paths, int run)
{
    const QString bufferPath = dir + QStringLiteral("/drain-%1.sqlite").arg(run);
    fillBacklog(bufferPath, paths, 0, kFiles);
    return drainAll(conninfo, {bufferPath});
}

/// Eight consoles, each with its own backlog, draining into one central at once, against one
/// COPY stream of all their rows. Checks that every row arrived exactly once and nothing was
/// dead-lettered. Returns false if a check failed.
bool manyConsoles(const QString &base, quint16 port, const QString &dir, const QStringList &paths,
                  bool &missed)
{
    constexpr int kConsoles = 8;
    constexpr int kFilesEach = 12000;
    constexpr int kFilesAll = kConsoles * kFilesEach;
    constexpr int kSmallAll = kFilesAll / kPerBulk * kSmallPerBulk;
    constexpr int kRowsAll = kFilesAll + kSmallAll;
    bool exact = true;
    QList<double> ratios, copyRates, drainRates;
    for (int r = 0; r < kRuns; ++r) {
        const double copySeconds = copyBaseline(withPort(base, port, createDatabase(base)),
                                                QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                paths, kFilesAll, kSmallAll);
        QStringList buffers;
        int transactions = 0;
        for (int c = 0; c < kConsoles; ++c) {
            buffers << dir + QStringLiteral("/console-%1-%2.sqlite").arg(r).arg(c);
            transactions +=
                fillBacklog(buffers.last(), paths, c * kFilesEach, (c + 1) * kFilesEach);
        }
        const QString central = withPort(base, port, createDatabase(base));
        const double drainSeconds = drainAll(central, buffers);
        copyRates << kRowsAll / copySeconds;
        drainRates << (kRowsAll + kConsoles) / drainSeconds;
        ratios << copySeconds / drainSeconds;

        PgConnection pg;
        mustSucceed(pg.connect(central), pg, "connecting to central");
        const auto counts = pg.query(
            "SELECT (SELECT count(*) FROM opsdb.raw_data_file), (SELECT count(DISTINCT id) FROM "
            "opsdb.raw_data_file), (SELECT count(*) FROM opsdb.executed_obs_unit), (SELECT "
            "count(*) FROM opsdb.applied_transaction)");
        qint64 deadLetters = 0, retried = 0;
        for (const QString &path : std::as_const(buffers)) {
            Buffer buffer;
            mustSucceed(buffer.open(path), "opening a console's buffer");
            deadLetters += scalar(
                buffer, QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'failed'"));
            retried += scalar(
                buffer, QStringLiteral("SELECT count(*) FROM outbox_history WHERE attempts > 1"));
        }
        const QList<QString> row = counts ? counts->value(0) : QList<QString>{};
        const bool ok = row.size() == 4 && row[0].toInt() == kFilesAll &&
                        row[1].toInt() == kFilesAll && row[2].toInt() == kSmallAll + kConsoles &&
                        row[3].toInt() == transactions && deadLetters == 0;
        std::printf("  run %d: central holds %s files (%s distinct), %s observations, %s applied "
                    "transactions of %d; %lld dead letters, %lld retried after a transient "
                    "failure%s\n",
                    r + 1, qPrintable(row.value(0)), qPrintable(row.value(1)),
                    qPrintable(row.value(2)), qPrintable(row.value(3)), transactions,
                    static_cast<long long>(deadLetters), static_cast<long long>(retried),
                    ok ? "" : "  WRONG");
        exact = exact && ok;
    }
    std::sort(ratios.begin(), ratios.end());
    std::sort(copyRates.begin(), copyRates.end());
    std::sort(drainRates.begin(), drainRates.end());
    const double median = ratios[kRuns / 2];
    std::printf("%d consoles at once COPY %7.0f rows/s   drain %7.0f rows/s   drain/COPY median "
                "%.2f (runs %.2f-%.2f) (target >= 0.85) %s\n",
                kConsoles, copyRates[kRuns / 2], drainRates[kRuns / 2], median, ratios.first(),
                ratios.last(), median >= 0.85 && exact ? "PASS" : "FAIL");
    std::fflush(stdout);
    missed = missed || median < 0.85 || !exact;
    return exact;
}

/// How long a change committed on central takes to show in a console's buffer over the link
/// through `port` (LISTEN/NOTIFY, then one pull).
void changeAppears(const QString &base, quint16 consolePort, quint16 directPort, int rttMs,
                   const QString &dir, bool &missed)
{
    const QString database = createDatabase(base);
    const QString bufferPath = dir + QStringLiteral("/appear-%1.sqlite").arg(rttMs);
    Buffer buffer;
    mustSucceed(buffer.open(bufferPath, Buffer::Role::Owner), "opening the console's buffer");
    QThread thread;
    thread.start();
    SyncEngine::Settings settings;
    settings.bufferPath = bufferPath;
    settings.central = withPort(base, consolePort, database);
    settings.mainSite = true;
    auto status = std::make_shared<SyncStatus>();
    auto *engine = new SyncEngine(settings, status);
    engine->moveToThread(&thread);
    QMetaObject::invokeMethod(engine, &SyncEngine::start);
    QElapsedTimer waited;
    waited.start();
    while (status->snapshot().lastPullMicros == 0 && waited.elapsed() < 30000)
        QThread::msleep(10);
    QThread::msleep(500);

    PgConnection central;
    mustSucceed(central.connect(withPort(base, directPort, database)), central,
                "connecting to central");
    QSqlQuery seen(buffer.database());
    seen.prepare(QStringLiteral("SELECT count(*) FROM executed_obs_unit WHERE id = ?"));
    constexpr int kSamples = 9;
    QList<double> latencies;
    for (int i = 0; i < kSamples; ++i) {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        mustSucceed(central
                        .query("INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, "
                               "status, start_time, operator) VALUES ($1, 7, 'ccat', 'running', "
                               "now(), 'appear') RETURNING id",
                               {id.toLatin1()})
                        .has_value(),
                    central, "central's change");
        QElapsedTimer timer; // from the commit's answer on central's side
        timer.start();
        for (;;) {
            seen.addBindValue(id);
            if (seen.exec() && seen.next() && seen.value(0).toInt() == 1)
                break;
            if (timer.elapsed() > 20000)
                break;
            QThread::msleep(1);
        }
        latencies << timer.nsecsElapsed() / 1e6;
        QThread::msleep(300);
    }
    QMetaObject::invokeMethod(
        engine, [engine] { delete engine; }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    std::sort(latencies.begin(), latencies.end());
    const double goal = 2.0 * rttMs + 100;
    const double median = latencies[kSamples / 2];
    std::printf("change appears, %d ms round trip: median %.0f ms (%.0f-%.0f ms over %d commits) "
                "(target <= %.0f ms, 2 RTT + 100 ms) %s\n",
                rttMs, median, latencies.first(), latencies.last(), kSamples, goal,
                median <= goal ? "PASS" : "FAIL");
    std::fflush(stdout);
    missed = missed || median > goal;
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
    {
        // Said with the figures: central keeps every commit on disk, the test server need not
        // (scripts/bench.sh restarts it with fsync on for this benchmark).
        PgConnection server;
        mustSucceed(server.connect(base), server, "connecting to PostgreSQL");
        const auto fsync = server.query("SHOW fsync");
        mustSucceed(fsync.has_value(), server, "SHOW fsync");
        std::printf("central: fsync %s\n", qPrintable(fsync->value(0).value(0)));
    }
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
    // The telescope's link to Cologne: about 230 ms round trip with 0.5 % loss (its effect on TCP
    // emulated by the proxy: this kernel has no netem for a network namespace with tc).
    auto *farProxy = new DelayProxy(pgPort, 115, 0.005);
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
    // Targets: 0.85 of COPY on loopback and a near link, 0.8 over the telescope's link.
    for (const auto &[label, name, port, target] :
         {std::tuple{"loopback", "loopback", pgPort, 0.85},
          std::tuple{"10 ms round trip", "10ms", proxyPort, 0.85},
          std::tuple{"230 ms, 0.5% loss", "230ms", farPort, 0.8}}) {
        if (!only.isEmpty() && !only.contains(QLatin1StringView(name)))
            continue;
        QList<double> ratios, copyRates, drainRates;
        for (int r = 0; r < kRuns; ++r) {
            const double copySeconds = copyBaseline(
                withPort(base, port, createDatabase(base)),
                QUuid::createUuid().toString(QUuid::WithoutBraces), paths, kFiles, kRows - kFiles);
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
                    "(runs %.2f-%.2f) (target >= %.2f) %s\n",
                    label, copyRates[kRuns / 2], drainRates[kRuns / 2], median, ratios.first(),
                    ratios.last(), target, median >= target ? "PASS" : "FAIL");
        missed = missed || median < target;
        std::fflush(stdout);
    }
    if (only.isEmpty() || only.contains(QLatin1StringView("consoles")))
        manyConsoles(base, pgPort, dir.path(), paths, missed);
    if (only.isEmpty() || only.contains(QLatin1StringView("appear"))) {
        changeAppears(base, pgPort, pgPort, 0, dir.path(), missed);
        changeAppears(base, farPort, pgPort, 230, dir.path(), missed);
    }
    int retransmissions = 0;
    QMetaObject::invokeMethod(
        farProxy, [&] { retransmissions = farProxy->retransmissions(); },
        Qt::BlockingQueuedConnection);
    std::printf("(the 230 ms link emulated %d retransmissions)\n", retransmissions);
    QMetaObject::invokeMethod(
        proxy, [proxy] { delete proxy; }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(
        farProxy, [farProxy] { delete farProxy; }, Qt::BlockingQueuedConnection);
    proxyThread.quit();
    proxyThread.wait();
    return missed ? 1 : 0;
}
