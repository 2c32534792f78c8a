// A seeded, model-based night against the real PostgreSQL (started by scripts/test.sh).
//
// Two real consoles (one `--site-type main`, one `secondary`) run on one central. Beside them a
// stand-in for the data-transfer system writes to central directly (staging job status, package
// transfer_state, an observation aborted now and then) and a third writer inserts observations
// into central. Every route of the contract is called with valid and invalid requests in a random
// mix; a reference model in this file says which must be accepted and which refused (and which
// field the refusal must name). Where the model cannot know (a state raced by the data-transfer
// stand-in that the console may or may not have pulled yet), either answer is accepted and
// counted, and the model follows the answer. Faults are injected at random: central stopped and
// started, the consoles' sessions terminated, a console killed with SIGKILL (or armed with an
// OPSCONSOLE_FAULT point) and restarted on the same buffer, and permanent refusals provoked
// (a cancel or a finish overtaken in central), so dead letters, retries and discards happen.
//
// After the night drains: every record each console shows equals central's row field by field
// (NULL exact, timestamps as instants, numbers exact, links included); every acknowledged
// transaction is in opsdb.applied_transaction exactly once unless discarded or still
// dead-lettered; nothing refused left a trace; both consoles hold exactly the predicted dead
// letters. During the night no read may show a record vanish, lose a link or go back in state.
//
//   tst_nightsim [--seeds N] [--seed S] [--ops N] [--verbose]
//
// Nights S, S+1, ..., S+N-1 (default: 3 nights from seed 1, 200 operations each). On failure
// the seed and the first differences are printed; rerun with `--seeds 1 --seed <seed>`.
#include "centralfixture.h"

#include <QCoreApplication>
#include <QDate>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QSet>
#include <QTest>
#include <QTime>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace testsupport;

namespace {

constexpr qint64 kMaxPackageBytes = 10'000'000;
const QStringList kModules{QStringLiteral("chai-lfa"), QStringLiteral("primecam-280")};
const QStringList kDestinations{QStringLiteral("ramses-processing"),
                                QStringLiteral("cologne-archive")};
const QStringList kFaultPoints{QStringLiteral("before-central-commit"),
                               QStringLiteral("after-central-commit"),
                               QStringLiteral("after-local-mark"), QStringLiteral("mid-batch")};
const QSet<QString> kTimestampKeys{QStringLiteral("start_time"), QStringLiteral("end_time"),
                                   QStringLiteral("created_at"), QStringLiteral("updated_at"),
                                   QStringLiteral("finalized_at")};

bool isFinalObs(const QString &s)
{
    return s == QLatin1StringView("completed") || s == QLatin1StringView("failed") ||
           s == QLatin1StringView("aborted");
}
bool isActiveJob(const QString &s)
{
    return s == QLatin1StringView("pending") || s == QLatin1StringView("scheduled") ||
           s == QLatin1StringView("in_progress");
}
int jobRank(const QString &s)
{
    if (s == QLatin1StringView("pending"))
        return 0;
    if (s == QLatin1StringView("scheduled"))
        return 1;
    if (s == QLatin1StringView("in_progress"))
        return 2;
    return 3;
}

/// An RFC 3339 instant in microseconds since the epoch (any offset, up to 9 fraction digits).
std::optional<qint64> instant(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?"
        "(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2}))?)$"));
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const auto n = [&](int g) { return m.capturedView(g).toInt(); };
    const QDate date(n(1), n(2), n(3));
    if (!date.isValid())
        return std::nullopt;
    qint64 fraction = 0;
    if (m.hasCaptured(7)) {
        QString digits = m.captured(7).left(6);
        while (digits.size() < 6)
            digits.append(QLatin1Char('0'));
        fraction = digits.toLongLong();
    }
    qint64 offset = 0;
    if (!m.hasCaptured(8))
        offset = (n(10) * 3600 + (m.hasCaptured(11) ? n(11) : 0) * 60) *
                 (m.capturedView(9) == QLatin1String("-") ? -1 : 1);
    const qint64 days = date.toJulianDay() - 2440588;
    return (days * 86400 + n(4) * 3600 + n(5) * 60 + n(6) - offset) * 1000000 + fraction;
}

/// Formats an instant with the given UTC offset in minutes.
QString stamp(qint64 micros, int offsetMinutes)
{
    const qint64 local = micros + qint64(offsetMinutes) * 60 * 1000000;
    qint64 seconds = local / 1000000;
    const qint64 fraction = local % 1000000;
    const QDate date = QDate::fromJulianDay(seconds / 86400 + 2440588);
    const qint64 sod = seconds % 86400;
    const int off = std::abs(offsetMinutes);
    return QStringLiteral("%1T%2:%3:%4.%5%6%7:%8")
        .arg(date.toString(Qt::ISODate))
        .arg(sod / 3600, 2, 10, QLatin1Char('0'))
        .arg(sod / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(sod % 60, 2, 10, QLatin1Char('0'))
        .arg(fraction, 6, 10, QLatin1Char('0'))
        .arg(offsetMinutes < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(off / 60, 2, 10, QLatin1Char('0'))
        .arg(off % 60, 2, 10, QLatin1Char('0'));
}

QString show(const QJsonValue &v)
{
    if (v.isUndefined())
        return QStringLiteral("<absent>");
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isNull())
        return QStringLiteral("null");
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::number(v.toDouble(), 'g', 17);
}

/// Compares one value the console shows with central's, NULL-exact; empty when equal.
QString differs(const QString &key, const QJsonValue &shown, const QJsonValue &central)
{
    if (central.isNull() || shown.isNull() || shown.isUndefined())
        return (central.isNull() && shown.isNull()) ? QString()
                                                    : QStringLiteral("%1: console %2, central %3")
                                                          .arg(key, show(shown), show(central));
    if (kTimestampKeys.contains(key)) {
        const auto a = instant(shown.toString()), b = instant(central.toString());
        if (!a || !b || *a != *b)
            return QStringLiteral("%1: console %2, central %3 (as instants)")
                .arg(key, show(shown), show(central));
        return {};
    }
    if (central.isDouble()) {
        if (!shown.isDouble())
            return QStringLiteral("%1: console %2, central %3")
                .arg(key, show(shown), show(central));
        const QVariant a = shown.toVariant(), b = central.toVariant();
        const bool ints = a.typeId() == QMetaType::LongLong && b.typeId() == QMetaType::LongLong;
        if (ints ? a.toLongLong() != b.toLongLong() : shown.toDouble() != central.toDouble())
            return QStringLiteral("%1: console %2, central %3")
                .arg(key, show(shown), show(central));
        return {};
    }
    if (shown != central)
        return QStringLiteral("%1: console %2, central %3").arg(key, show(shown), show(central));
    return {};
}

QString rowDiff(const QJsonObject &shown, const QJsonObject &central,
                const QSet<QString> &skip = {})
{
    for (auto it = central.begin(); it != central.end(); ++it) {
        if (it.key() == QLatin1StringView("change_seq") || skip.contains(it.key()))
            continue;
        if (const QString d = differs(it.key(), shown.value(it.key()), it.value()); !d.isEmpty())
            return d;
    }
    return {};
}

struct Obs
{
    QString id;
    qint64 unit = 0;
    int owner = 0; ///< console that finishes it (0 or 1); for a third-writer row, one chosen
    bool external = false;
    QString status; ///< what the owner console shows (its own writes, DTS changes it has seen)
    qint64 startMicros = 0;
    bool dtsAborted = false;
    bool uncertain = false; ///< the owner may not have pulled the abort yet
    bool finishAccepted = false;
    bool poisoned = false; ///< the owner holds a finish predicted to be dead-lettered
    QString finishTx;
    QStringList paths[2];
};
struct File
{
    QString id, obs, module, path;
    qint64 size = 0;
    int owner = 0;
    QString package;
};
struct Package
{
    QString id, name, obs, module;
    int owner = 0;
    QString status = QStringLiteral("building");
    QStringList files;
    qint64 total = 0;
};
struct Job
{
    QString id, destination;
    int owner = 0;
    QStringList packages;
    QString status = QStringLiteral("pending"); ///< as its owner shows it
    QString central;                            ///< last status the DTS stand-in wrote, or empty
    bool uncertain = false;
    QString cancelTx;
    bool poisoned = false;
};
struct Tx
{
    QString id, kind, record;
    int console = 0;
    bool dead = false; ///< predicted dead letter
    bool discarded = false;
};
struct Seen
{
    int rank = 0;
    QSet<QString> links;
    QString package;
};

class Night
{
public:
    Night(quint64 seed, int ops, bool verbose)
        : m_seed(seed), m_ops(ops), m_verbose(verbose), m_rng(seed)
    {}

    bool run()
    {
        QElapsedTimer timer;
        timer.start();
        if (!setUp())
            return report(timer);
        for (int i = 0; i < m_ops; ++i) {
            m_step = i;
            step();
            QTest::qWait(10 + int(pick(60)));
        }
        drainAndCheck();
        return report(timer);
    }

private:
    // ---- randomness ---------------------------------------------------------------------
    quint64 pick(quint64 n) { return n == 0 ? 0 : m_rng() % n; }
    bool chance(int percent) { return int(pick(100)) < percent; }
    template <typename T> const T &one(const QList<T> &list)
    {
        return list.at(qsizetype(pick(list.size())));
    }
    QString uuid()
    {
        const quint64 a = m_rng(), b = m_rng();
        QByteArray bytes(16, 0);
        for (int i = 0; i < 8; ++i) {
            bytes[i] = char(a >> (8 * i));
            bytes[8 + i] = char(b >> (8 * i));
        }
        bytes[6] = char((bytes[6] & 0x0f) | 0x40);
        bytes[8] = char((bytes[8] & 0x3f) | 0x80);
        return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    }
    QString hex(int n)
    {
        QString s;
        for (int i = 0; i < n; ++i)
            s += QLatin1Char("0123456789abcdef"[pick(16)]);
        return s;
    }
    int offset() { return one(QList<int>{0, 0, -180, -240, 330, 60}); }

    // ---- issues ---------------------------------------------------------------------------
    void issue(const QString &kind, const QString &text)
    {
        m_issueCounts[kind]++;
        if (m_issues.size() < 400)
            m_issues << QStringLiteral("[%1] step %2: %3").arg(kind).arg(m_step).arg(text);
    }
    bool report(const QElapsedTimer &timer)
    {
        QStringList deadNow;
        for (int c = 0; c < 2; ++c)
            deadNow << QString::number(m_deadPredicted[c]);
        std::printf("seed %llu: %d ops, %d accepted, %d refused, %d either-way, %d faults "
                    "(%d central stops, %d cuts, %d kills, %d fault points), dead letters %d "
                    "(%d retried, %d discarded, left %s), %d records compared, %.1f s: %s\n",
                    static_cast<unsigned long long>(m_seed), m_ops, m_accepted, m_refused,
                    m_uncertain, m_stops + m_cuts + m_kills + m_armed, m_stops, m_cuts, m_kills,
                    m_armed, m_deadTotal, m_retries, m_discards,
                    qPrintable(deadNow.join(QLatin1Char('/'))), m_compared,
                    timer.elapsed() / 1000.0, m_issues.isEmpty() ? "ok" : "FAILED");
        if (!m_issues.isEmpty()) {
            QStringList kinds;
            for (auto it = m_issueCounts.cbegin(); it != m_issueCounts.cend(); ++it)
                kinds << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
            std::printf("  seed %llu FAILED (%s); first difference:\n    %s\n",
                        static_cast<unsigned long long>(m_seed),
                        qPrintable(kinds.join(QLatin1StringView(", "))),
                        qPrintable(m_issues.first()));
            const int more =
                m_verbose ? int(m_issues.size()) : std::min<int>(12, int(m_issues.size()));
            for (int i = 1; i < more; ++i)
                std::printf("    %s\n", qPrintable(m_issues.at(i)));
            if (m_verbose)
                for (const QString &e : std::as_const(m_eitherWay))
                    std::printf("    either way: %s\n", qPrintable(e));
            if (more < m_issues.size())
                std::printf("    ... %d more (--verbose shows all)\n", int(m_issues.size()) - more);
        }
        std::fflush(stdout);
        return m_issues.isEmpty();
    }

    // ---- consoles -----------------------------------------------------------------------
    QStringList consoleArgs(int c) const
    {
        return {QStringLiteral("--migrate"),
                QStringLiteral("--site"),
                c == 0 ? QStringLiteral("north") : QStringLiteral("south"),
                QStringLiteral("--site-type"),
                c == 0 ? QStringLiteral("main") : QStringLiteral("secondary"),
                QStringLiteral("--max-package-bytes"),
                QString::number(kMaxPackageBytes)};
    }
    bool startConsole(int c, QByteArray fault = {})
    {
        auto console = std::make_unique<Console>(m_buffers[c]);
        console->setToken(m_tokens[c]);
        for (int attempt = 0; attempt < 3; ++attempt) {
            if (console->start(m_central->conninfo(), consoleArgs(c), fault)) {
                m_consoles[c] = std::move(console);
                m_armedNow[c] = !fault.isEmpty();
                return true;
            }
            // The sync thread starts before the REST routes announce themselves: an armed fault
            // point may fire first. That is the fault doing its job, not a failed restart: start
            // again unarmed, as after any fault.
            if (!fault.isEmpty() && console->process().state() == QProcess::NotRunning &&
                console->process().exitStatus() == QProcess::CrashExit) {
                fault.clear();
                console = std::make_unique<Console>(m_buffers[c]);
                console->setToken(m_tokens[c]);
                --attempt;
                continue;
            }
            // A console restarted on its buffer after SIGKILL must start at once.
            QFile log(m_buffers[c] + QStringLiteral(".log"));
            QByteArray tail;
            if (log.open(QIODevice::ReadOnly)) {
                const QByteArray all = log.readAll();
                tail = all.right(400);
            }
            issue(
                QStringLiteral("restart"),
                QStringLiteral("console %1 did not start on its buffer (attempt %2, exit code %3); "
                               "its log ends: %4")
                    .arg(c)
                    .arg(attempt + 1)
                    .arg(console->process().exitCode())
                    .arg(QString::fromUtf8(tail).simplified()));
            console->stop();
            QTest::qWait(500);
        }
        issue(QStringLiteral("console"),
              QStringLiteral("console %1 does not start on its buffer").arg(c));
        return false;
    }
    void killConsole(int c)
    {
        if (m_consoles[c] && m_consoles[c]->running()) {
            m_consoles[c]->process().kill();
            m_consoles[c]->waitForDeath(10000);
        }
    }
    /// The console is running (restarted on its buffer if it died of an armed fault point).
    void ensureAlive(int c)
    {
        if (m_consoles[c] && m_consoles[c]->running())
            return;
        if (m_consoles[c] && !m_armedNow[c])
            issue(QStringLiteral("console"),
                  QStringLiteral("console %1 died unasked (see %2.log)").arg(c).arg(m_buffers[c]));
        startConsole(c);
    }

    bool setUp()
    {
        m_central = std::make_unique<Central>();
        if (!m_dir.isValid())
            return false;
        for (int c = 0; c < 2; ++c) {
            m_buffers[c] = m_dir.filePath(QStringLiteral("console-%1.sqlite").arg(c));
            Console maker(m_buffers[c]);
            m_tokens[c] = maker.createToken(c == 0 ? QStringLiteral("north-ops")
                                                   : QStringLiteral("south-ops"));
            if (m_tokens[c].isEmpty()) {
                issue(QStringLiteral("setup"), QStringLiteral("no token for console %1").arg(c));
                return false;
            }
            if (!startConsole(c))
                return false;
        }
        m_baseMicros = QDateTime::currentMSecsSinceEpoch() * 1000 - 2LL * 3600 * 1000000;
        return true;
    }

    // ---- requests -----------------------------------------------------------------------
    struct Call
    {
        HttpResult r;
        bool resent = false; ///< the console died under the request; it was sent again
    };
    Call send(int c, const QByteArray &method, const QString &path, const QByteArray &body = {},
              const QByteArray &type = QByteArrayLiteral("application/json"))
    {
        ensureAlive(c);
        Call call;
        call.r = m_consoles[c]->http().send(method, path, body, type, 20000);
        if (call.r.status == 0) {
            // Died under the request (an armed fault point): restart and send it again.
            m_consoles[c]->waitForDeath(5000);
            if (m_consoles[c]->running())
                killConsole(c);
            if (!m_armedNow[c])
                issue(QStringLiteral("console"),
                      QStringLiteral("console %1 gave no answer to %2 %3")
                          .arg(c)
                          .arg(QString::fromLatin1(method), path));
            startConsole(c);
            call.r = m_consoles[c]->http().send(method, path, body, type, 20000);
            call.resent = true;
        }
        return call;
    }
    /// Checks an answer against what the model allows; counts it.
    bool expect(const char *op, int c, const QString &path, const QByteArray &body,
                const Call &call, const QList<int> &allowed, const QStringList &names = {})
    {
        const HttpResult &r = call.r;
        const bool eitherWay =
            std::any_of(allowed.cbegin(), allowed.cend(), [](int s) { return s < 300; }) &&
            std::any_of(allowed.cbegin(), allowed.cend(), [](int s) { return s >= 300; });
        if (eitherWay) {
            ++m_uncertain;
            m_eitherWay << QStringLiteral("step %1 %2 on console %3 %4 -> %5")
                               .arg(m_step)
                               .arg(QString::fromLatin1(op))
                               .arg(c)
                               .arg(path)
                               .arg(call.r.status);
        }
        if (r.status >= 200 && r.status < 300)
            ++m_accepted;
        else
            ++m_refused;
        if (!allowed.contains(r.status)) {
            QStringList want;
            for (int s : allowed)
                want << QString::number(s);
            issue(QStringLiteral("answer"),
                  QStringLiteral("%1 on console %2: %3 %4 expected %5, got %6 %7")
                      .arg(QString::fromLatin1(op))
                      .arg(c)
                      .arg(path, QString::fromUtf8(body.left(300)), want.join(QLatin1Char('|')))
                      .arg(r.status)
                      .arg(QString::fromUtf8(r.raw.left(300))));
            return false;
        }
        if (r.status >= 400 && !names.isEmpty()) {
            const QString detail = r.detail();
            bool named = false;
            for (const QString &n : names)
                named = named || detail.contains(n);
            if (!named)
                issue(
                    QStringLiteral("detail"),
                    QStringLiteral("%1 on console %2: %3 %4 answered %5 with detail \"%6\" naming "
                                   "none of: %7")
                        .arg(QString::fromLatin1(op))
                        .arg(c)
                        .arg(path, QString::fromUtf8(body.left(200)))
                        .arg(r.status)
                        .arg(detail, names.join(QLatin1StringView(", "))));
        }
        return true;
    }
    static QByteArray json(const QJsonValue &v) { return HttpClient::toBytes(v); }

    /// Records the transaction of an accepted write; a repeated create must name the first one.
    void acked(int c, const Call &call, const QString &kind, const QString &record,
               const QString &sameAs = {})
    {
        const QString tx = call.r.object().value(QLatin1StringView("transaction_id")).toString();
        if (tx.isEmpty()) {
            // A state change re-sent after a lost answer may have been taken the first time.
            if (!call.resent)
                issue(QStringLiteral("answer"),
                      QStringLiteral("%1: accepted without a transaction_id: %2")
                          .arg(kind, QString::fromUtf8(call.r.raw)));
            return;
        }
        if (!sameAs.isEmpty() && tx != sameAs) {
            issue(QStringLiteral("idempotence"),
                  QStringLiteral("%1 %2 re-sent: transaction_id %3, the first answer had %4")
                      .arg(kind, record, tx, sameAs));
            return;
        }
        if (m_txs.contains(tx)) {
            if (sameAs.isEmpty() && !call.resent)
                issue(QStringLiteral("idempotence"),
                      QStringLiteral("%1 %2 answered with transaction_id %3 of an earlier request")
                          .arg(kind, record, tx));
            return;
        }
        m_txs.insert(tx, Tx{tx, kind, record, c});
    }
    void refusedId(const QString &id) { m_refusedIds.insert(id); }

    // ---- one step of the night ----------------------------------------------------------
    void step()
    {
        // Faults: about one step in twenty.
        if (m_centralDownFor > 0 && --m_centralDownFor == 0) {
            if (!Central::startServer())
                issue(QStringLiteral("setup"), QStringLiteral("central does not start again"));
            m_centralUp = true;
        }
        if (chance(5)) {
            fault();
            return;
        }
        const int c = int(pick(2));
        const int w = int(pick(100));
        if (w < 12)
            opStart(c);
        else if (w < 26)
            opFiles(c);
        else if (w < 34)
            opFinish(c);
        else if (w < 42)
            opPackage(c);
        else if (w < 48)
            opFinalize(c);
        else if (w < 54)
            opStage(c);
        else if (w < 59)
            opCancel(c);
        else if (w < 73)
            opRead(c);
        else if (w < 84)
            opTransfer();
        else if (w < 87)
            opExternalInsert();
        else if (w < 91)
            opSyncAdmin(c);
        else if (w < 95)
            opRace(chance(75) ? 1
                              : 0); // the secondary's 200 ms gathering leaves room to be overtaken
        else
            opOddities(c);
    }

    void fault()
    {
        const int f = int(pick(5));
        const int c = int(pick(2));
        if (f == 0 && m_centralUp) {
            ++m_stops;
            if (!Central::stopServer())
                issue(QStringLiteral("setup"), QStringLiteral("central does not stop"));
            m_centralUp = false;
            m_centralDownFor = 5 + int(pick(25));
        } else if (f == 1 && m_centralUp) {
            ++m_cuts;
            m_central->value("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                             "datname = current_database() AND pid <> pg_backend_pid()");
        } else if (f == 2 || f == 3) {
            ++m_kills;
            killConsole(c);
            startConsole(c);
        } else {
            ++m_armed;
            killConsole(c);
            startConsole(
                c,
                (one(kFaultPoints) + QLatin1Char('@') + QString::number(1 + pick(3))).toLatin1());
        }
    }

    // ---- observations -------------------------------------------------------------------
    QJsonObject startBody(qint64 unit, const QString &id, qint64 micros, int off)
    {
        QJsonObject body{{QStringLiteral("obs_unit_id"), unit}};
        if (!id.isEmpty())
            body.insert(QStringLiteral("id"), id);
        if (micros)
            body.insert(QStringLiteral("start_time"), stamp(micros, off));
        if (chance(60))
            body.insert(
                QStringLiteral("obs_info"),
                QJsonObject{{QStringLiteral("band"), qint64(pick(10))},
                            {QStringLiteral("mode"),
                             one(QStringList{QStringLiteral("otf"), QStringLiteral("raster")})},
                            {QStringLiteral("scan_speed"), 0.25 * double(pick(40))}});
        if (chance(15))
            body.insert(QStringLiteral("site"), QStringLiteral("ccat-test"));
        return body;
    }

    void opStart(int c)
    {
        const qint64 unit = 100 + qint64(pick(12));
        const int v = int(pick(100));
        const QString path = QStringLiteral("/executed_obs_units/start");
        if (v < 75) {
            const bool withId = chance(70) || m_armedNow[c];
            const QString id = withId ? uuid() : QString();
            const qint64 micros =
                chance(70) ? m_baseMicros + qint64(pick(3600)) * 1000000 + qint64(pick(1000000))
                           : 0;
            const int off = offset();
            const QJsonObject body = startBody(unit, id, micros, off);
            const Call call = send(c, "POST", path, json(body));
            if (!expect("start", c, path, json(body), call, {201}) || call.r.status != 201)
                return;
            const QString got = call.r.object().value(QLatin1StringView("id")).toString();
            if (withId && got != id)
                issue(QStringLiteral("answer"),
                      QStringLiteral("start with id %1 answered id %2").arg(id, got));
            Obs o;
            o.id = got;
            o.unit = unit;
            o.owner = c;
            o.status = QStringLiteral("running");
            o.startMicros = micros ? micros : QDateTime::currentMSecsSinceEpoch() * 1000;
            m_obs.insert(got, o);
            m_obsOrder << got;
            acked(c, call, QStringLiteral("start"), got);
            const QString tx =
                call.r.object().value(QLatin1StringView("transaction_id")).toString();
            // Safe retries: the same request again, and the same instant with another offset.
            if (withId && chance(30)) {
                const Call again = send(c, "POST", path, json(body));
                if (expect("start re-sent", c, path, json(body), again, {201}))
                    acked(c, again, QStringLiteral("start"), got, tx);
            }
            if (withId && micros && chance(25)) {
                QJsonObject other = body;
                other.insert(QStringLiteral("start_time"), stamp(micros, off == 0 ? -180 : 0));
                const Call again = send(c, "POST", path, json(other));
                if (expect("start re-sent with the same instant in another offset", c, path,
                           json(other), again, {201}))
                    acked(c, again, QStringLiteral("start"), got, tx);
            }
            if (withId && chance(15)) {
                QJsonObject other = body;
                other.insert(QStringLiteral("obs_unit_id"), unit + 1000);
                expect("start reusing an id with other content", c, path, json(other),
                       send(c, "POST", path, json(other)), {409}, {QStringLiteral("id"), id});
            }
            return;
        }
        // Refused requests; some with a fresh id that must leave no trace.
        const QString id = uuid();
        QJsonObject body{{QStringLiteral("obs_unit_id"), unit}, {QStringLiteral("id"), id}};
        QStringList names;
        int status = 422;
        QByteArray raw;
        switch (pick(8)) {
        case 0:
            body.remove(QStringLiteral("obs_unit_id"));
            names << QStringLiteral("obs_unit_id");
            break;
        case 1:
            body.insert(QStringLiteral("obs_unit_id"), 0);
            names << QStringLiteral("obs_unit_id");
            break;
        case 2:
            body.insert(QStringLiteral("obs_unit_id"), QStringLiteral("seven"));
            names << QStringLiteral("obs_unit_id");
            break;
        case 3:
            body.insert(QStringLiteral("start_time"), QStringLiteral("yesterday evening"));
            names << QStringLiteral("start_time");
            break;
        case 4:
            body.insert(QStringLiteral("obs_info"), QStringLiteral("band 7"));
            names << QStringLiteral("obs_info");
            break;
        case 5:
            body.insert(QStringLiteral("colour"), QStringLiteral("blue"));
            names << QStringLiteral("colour");
            break;
        case 6:
            raw = QStringLiteral("{\"obs_unit_id\": %1, \"id\": \"%2\", \"obs_unit_id\": %3}")
                      .arg(unit)
                      .arg(id)
                      .arg(unit + 1)
                      .toUtf8();
            status = 400;
            names << QStringLiteral("obs_unit_id") << QStringLiteral("duplicate");
            break;
        default:
            raw =
                QStringLiteral("{\"obs_unit_id\": %1, \"id\": \"%2\",").arg(unit).arg(id).toUtf8();
            status = 400;
            names << QStringLiteral("JSON") << QStringLiteral("body");
            break;
        }
        if (raw.isEmpty())
            raw = json(body);
        const Call call = send(c, "POST", path, raw);
        expect("start (refused)", c, path, raw, call, {status}, names);
        if (call.r.status == 201) {
            // Reported above; the model follows the product so that one finding stays one.
            const QString got = call.r.object().value(QLatin1StringView("id")).toString();
            Obs o;
            o.id = got;
            o.unit = unit;
            o.external =
                true; // its obs_unit_id is not sure (duplicate keys): not read back by unit
            o.owner = c;
            o.status = QStringLiteral("running");
            o.startMicros = QDateTime::currentMSecsSinceEpoch() * 1000;
            m_obs.insert(got, o);
            m_obsOrder << got;
            acked(c, call, QStringLiteral("start"), got);
            return;
        }
        refusedId(id);
    }

    QList<QString> obsOwnedRunning(int c, bool allowUncertain)
    {
        QList<QString> out;
        for (const QString &id : std::as_const(m_obsOrder)) {
            const Obs &o = m_obs[id];
            if (o.owner == c && !o.poisoned && o.status == QLatin1StringView("running") &&
                (allowUncertain || !o.uncertain) && (!o.external || m_seenBy[c].contains(id)))
                out << id;
        }
        return out;
    }

    void opFinish(int c)
    {
        const int v = int(pick(100));
        if (v < 10) {
            const QString id = uuid();
            const QString path = QStringLiteral("/executed_obs_units/%1/finish").arg(id);
            expect("finish unknown", c, path, "{}", send(c, "PUT", path, "{}"), {404}, {id});
            return;
        }
        if (v < 20) {
            // Finish twice (or a third writer's final row): 409.
            QList<QString> finals;
            for (const QString &id : std::as_const(m_obsOrder)) {
                const Obs &o = m_obs[id];
                if (o.owner == c && isFinalObs(o.status) && !o.uncertain && !o.poisoned &&
                    (!o.external || m_seenBy[c].contains(id)))
                    finals << id;
            }
            if (finals.isEmpty())
                return;
            const QString id = one(finals);
            const QString path = QStringLiteral("/executed_obs_units/%1/finish").arg(id);
            expect("finish twice", c, path, "{}", send(c, "PUT", path, "{}"), {409},
                   {id, m_obs[id].status});
            return;
        }
        const QList<QString> running = obsOwnedRunning(c, true);
        if (running.isEmpty())
            return;
        const QString id = one(running);
        Obs &o = m_obs[id];
        const QString path = QStringLiteral("/executed_obs_units/%1/finish").arg(id);
        if (v < 35) {
            QJsonObject body;
            QStringList names;
            bool fieldFirst = true;
            switch (pick(5)) {
            case 0:
                body.insert(QStringLiteral("mean_pwv"), -0.5);
                names << QStringLiteral("mean_pwv");
                break;
            case 1:
                body.insert(QStringLiteral("mean_elevation"), 91.5);
                names << QStringLiteral("mean_elevation");
                break;
            case 2:
                body.insert(QStringLiteral("status"), QStringLiteral("done"));
                names << QStringLiteral("status");
                break;
            case 3:
                body.insert(QStringLiteral("end_time"), QStringLiteral("2026-13-45T99:00:00Z"));
                names << QStringLiteral("end_time");
                break;
            default:
                body.insert(QStringLiteral("end_time"), stamp(o.startMicros - 3600LL * 1000000, 0));
                names << QStringLiteral("end_time");
                fieldFirst = false;
            }
            const bool sure = fieldFirst || !o.uncertain;
            expect("finish with a bad field", c, path, json(body), send(c, "PUT", path, json(body)),
                   sure ? QList<int>{422} : QList<int>{409, 422}, names + QStringList{id});
            return;
        }
        QJsonObject body;
        const QString status =
            one(QStringList{QStringLiteral("completed"), QStringLiteral("completed"),
                            QStringLiteral("failed"), QStringLiteral("aborted")});
        if (chance(70))
            body.insert(QStringLiteral("status"), status);
        if (chance(40))
            body.insert(QStringLiteral("end_time"),
                        stamp(o.startMicros + qint64(pick(600)) * 1000000 + 1, offset()));
        if (chance(50))
            body.insert(QStringLiteral("mean_pwv"), double(pick(4000)) / 1000.0);
        if (chance(50))
            body.insert(QStringLiteral("mean_elevation"),
                        chance(10) ? 90.0 : double(pick(9000)) / 100.0);
        if (chance(40))
            body.insert(QStringLiteral("obs_info"),
                        QJsonObject{{QStringLiteral("quality"), qint64(pick(5))}});
        const Call call = send(c, "PUT", path, json(body));
        const bool mayBeAborted = o.dtsAborted && o.uncertain;
        QList<int> allowed{200};
        if (mayBeAborted || call.resent)
            allowed << 409;
        if (!expect("finish", c, path, json(body), call, allowed, {id, QStringLiteral("aborted")}))
            return;
        if (call.r.status == 409) {
            if (mayBeAborted) {
                o.status = QStringLiteral("aborted");
                o.uncertain = false;
            } else {
                o.status =
                    body.value(QStringLiteral("status")).toString(QStringLiteral("completed"));
            }
            return;
        }
        o.status = body.value(QStringLiteral("status")).toString(QStringLiteral("completed"));
        o.finishAccepted = true;
        acked(c, call, QStringLiteral("finish"), id);
        o.finishTx = call.r.object().value(QLatin1StringView("transaction_id")).toString();
        if (o.dtsAborted) {
            // Central aborted it first: this finish must be refused by central for good.
            predictDead(c, o.finishTx);
            o.poisoned = true;
            o.uncertain = false;
        }
    }

    void predictDead(int c, const QString &tx)
    {
        if (tx.isEmpty() || !m_txs.contains(tx) || m_txs[tx].dead)
            return;
        m_txs[tx].dead = true;
        ++m_deadPredicted[c];
        ++m_deadTotal;
    }

    // ---- files ------------------------------------------------------------------------
    QList<QString> obsForFiles(int c)
    {
        QList<QString> out;
        for (const QString &id : std::as_const(m_obsOrder)) {
            const Obs &o = m_obs[id];
            if (o.owner == c && o.poisoned)
                continue;
            if (o.owner == c && !o.external)
                out << id;
            else if (m_seenBy[c].contains(id))
                out << id;
        }
        return out;
    }
    QJsonObject fileBody(const QString &obs, const QString &path, const QString &module,
                         qint64 size, const QString &id, bool md5)
    {
        QJsonObject f{{QStringLiteral("executed_obs_unit_id"), obs},
                      {QStringLiteral("instrument_module"), module},
                      {QStringLiteral("relative_path"), path},
                      {QStringLiteral("size_bytes"), size},
                      {QStringLiteral("checksum"), hex(md5 ? 32 : 64)}};
        if (md5 || chance(20))
            f.insert(QStringLiteral("checksum_algorithm"),
                     md5 ? QStringLiteral("md5") : QStringLiteral("sha256"));
        if (chance(15))
            f.insert(QStringLiteral("file_type"), QStringLiteral("raw"));
        if (!id.isEmpty())
            f.insert(QStringLiteral("id"), id);
        return f;
    }

    QStringList adoptFiles(int c, const Call &call, bool bulk, QList<File> made, Obs &o)
    {
        QStringList ids;
        if (bulk)
            for (const QJsonValue &i : call.r.object().value(QLatin1StringView("ids")).toArray())
                ids << i.toString();
        else
            ids << call.r.object().value(QLatin1StringView("id")).toString();
        if (ids.size() != made.size()) {
            issue(QStringLiteral("answer"), QStringLiteral("register %1 files answered %2 ids")
                                                .arg(made.size())
                                                .arg(ids.size()));
            return {};
        }
        for (int i = 0; i < made.size(); ++i) {
            if (!made[i].id.isEmpty() && ids[i] != made[i].id)
                issue(QStringLiteral("answer"),
                      QStringLiteral("file id %1 answered as %2").arg(made[i].id, ids[i]));
            made[i].id = ids[i];
            m_files.insert(ids[i], made[i]);
            o.paths[c] << made[i].path;
        }
        acked(c, call, QStringLiteral("files"), ids.first());
        return ids;
    }

    void opFiles(int c)
    {
        const QList<QString> candidates = obsForFiles(c);
        const int v = int(pick(100));
        if (candidates.isEmpty() || v < 8) {
            // An observation nobody has: 422 naming it.
            const QString obs = uuid(), id = uuid();
            const QJsonObject f =
                fileBody(obs, QStringLiteral("x/a.fits"), kModules[0], 5, id, false);
            expect("file for an unknown observation", c, QStringLiteral("/raw_data_files"), json(f),
                   send(c, "POST", QStringLiteral("/raw_data_files"), json(f)), {404, 422},
                   {QStringLiteral("executed_obs_unit_id"), obs});
            refusedId(id);
            return;
        }
        const QString obsId = one(candidates);
        Obs &o = m_obs[obsId];
        const bool bulk = chance(70);
        const int n = bulk ? 1 + int(pick(8)) : 1;
        const QString module = one(kModules);
        const bool withIds = chance(70) || m_armedNow[c];
        QJsonArray files;
        QList<File> made;
        const QStringList ext{QStringLiteral("fits"), QStringLiteral("h5"), QStringLiteral("dat"),
                              QStringLiteral("FTS"), QString()};
        for (int i = 0; i < n; ++i) {
            File f;
            f.id = withIds ? uuid() : QString();
            f.obs = obsId;
            f.module = module;
            const QString e = one(ext);
            f.path = QStringLiteral("c%1/scan%2/f%3%4")
                         .arg(c)
                         .arg(m_step)
                         .arg(i)
                         .arg(e.isEmpty() ? QString() : QLatin1Char('.') + e);
            f.size = chance(5) ? 0 : qint64(pick(3'000'000));
            f.owner = c;
            files.append(fileBody(obsId, f.path, module, f.size, f.id, chance(20)));
            made << f;
        }
        QString path =
            bulk ? QStringLiteral("/raw_data_files/bulk") : QStringLiteral("/raw_data_files");
        if (v < 30) {
            // One bad file spoils the request; nothing of it may be stored.
            const int bad = int(pick(n));
            QJsonObject f = files.at(bad).toObject();
            QStringList names;
            int status = 422;
            switch (pick(7)) {
            case 0:
                f.insert(QStringLiteral("relative_path"), QStringLiteral("a/../../etc/passwd"));
                names << QStringLiteral("relative_path");
                break;
            case 1:
                f.insert(QStringLiteral("relative_path"), QStringLiteral("/data/abs.fits"));
                names << QStringLiteral("relative_path");
                break;
            case 2:
                f.insert(QStringLiteral("size_bytes"), -1);
                names << QStringLiteral("size_bytes");
                break;
            case 3:
                f.insert(QStringLiteral("checksum"), hex(64).toUpper() + QStringLiteral("Z"));
                names << QStringLiteral("checksum");
                break;
            case 4:
                f.insert(QStringLiteral("checksum_algorithm"), QStringLiteral("crc32"));
                names << QStringLiteral("checksum_algorithm");
                break;
            case 5:
                f.insert(QStringLiteral("exposure"), 3);
                names << QStringLiteral("exposure");
                break;
            default:
                if (!o.paths[c].isEmpty()) {
                    f.insert(QStringLiteral("relative_path"), one(o.paths[c]));
                    status = 409;
                    names << QStringLiteral("relative_path")
                          << f.value(QStringLiteral("relative_path")).toString();
                } else {
                    f.remove(QStringLiteral("instrument_module"));
                    names << QStringLiteral("instrument_module");
                }
            }
            files[bad] = f;
            const QByteArray body = bulk ? json(files) : json(files.at(0).toObject());
            const Call call = send(c, "POST", path, body);
            expect("register files (one bad)", c, path, body, call, {status}, names);
            if (call.r.status == 201) {
                adoptFiles(c, call, bulk, made, o);
                return;
            }
            for (const File &m : made)
                if (!m.id.isEmpty())
                    refusedId(m.id);
            return;
        }
        if (v < 34 && bulk && n >= 2) {
            QJsonObject f = files.at(n - 1).toObject();
            f.insert(QStringLiteral("relative_path"), made.first().path);
            files[n - 1] = f;
            expect("bulk repeating a path", c, path, json(files),
                   send(c, "POST", path, json(files)), {422},
                   {QStringLiteral("relative_path"), made.first().path});
            for (const File &m : made)
                if (!m.id.isEmpty())
                    refusedId(m.id);
            return;
        }
        if (v < 36) {
            expect("empty bulk", c, QStringLiteral("/raw_data_files/bulk"), "[]",
                   send(c, "POST", QStringLiteral("/raw_data_files/bulk"), "[]"), {422},
                   {QStringLiteral("body"), QStringLiteral("empty")});
            return;
        }
        const QByteArray body = bulk ? json(files) : json(files.at(0).toObject());
        const Call call = send(c, "POST", path, body);
        if (!expect("register files", c, path, body, call, {201}) || call.r.status != 201)
            return;
        const QStringList ids = adoptFiles(c, call, bulk, made, o);
        if (ids.isEmpty())
            return;
        if (withIds && chance(20)) {
            const QString tx =
                call.r.object().value(QLatin1StringView("transaction_id")).toString();
            const Call again = send(c, "POST", path, body);
            if (expect("register files re-sent", c, path, body, again, {201}))
                acked(c, again, QStringLiteral("files"), ids.first(), tx);
        }
    }

    // ---- packages ----------------------------------------------------------------------
    bool obsBlocked(int c, const QString &obs)
    {
        return m_obs.contains(obs) && m_obs[obs].owner == c && m_obs[obs].poisoned;
    }

    void opPackage(int c)
    {
        // Free files of this console, grouped by (observation, module).
        QMap<QString, QStringList> groups;
        for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
            if (it->owner == c && it->package.isEmpty() && !obsBlocked(c, it->obs))
                groups[it->obs + QLatin1Char('|') + it->module] << it->id;
        const QString path = QStringLiteral("/raw_data_package");
        const QString id = uuid();
        const QString name = QStringLiteral("pkg-%1-%2-%3").arg(m_seed).arg(c).arg(m_step);
        const int v = int(pick(100));
        if (groups.isEmpty() || v < 10) {
            QJsonObject body{{QStringLiteral("id"), id},
                             {QStringLiteral("name"), name},
                             {QStringLiteral("instrument_module"), kModules[0]}};
            QStringList names;
            int status = 422;
            switch (pick(4)) {
            case 0:
                body.insert(QStringLiteral("executed_obs_unit_id"), uuid());
                names << QStringLiteral("executed_obs_unit_id");
                break;
            case 1:
                body.insert(QStringLiteral("executed_obs_unit_id"), QStringLiteral("obs-7"));
                names << QStringLiteral("executed_obs_unit_id");
                break;
            case 2:
                body.remove(QStringLiteral("name"));
                body.insert(QStringLiteral("executed_obs_unit_id"), uuid());
                names << QStringLiteral("name");
                break;
            default: {
                names << QStringLiteral("name") << QStringLiteral("JSON") << QStringLiteral("body");
                const QByteArray raw = "{\"name\": \"x\", \"name\": \"y\"}";
                expect("package with a duplicate key", c, path, raw, send(c, "POST", path, raw),
                       {400}, names);
                return;
            }
            }
            expect("package (refused)", c, path, json(body), send(c, "POST", path, json(body)),
                   {status}, names);
            refusedId(id);
            return;
        }
        const QString key = one(groups.keys());
        const QString obs = key.section(QLatin1Char('|'), 0, 0);
        const QString module = key.section(QLatin1Char('|'), 1);
        QStringList free = groups[key];
        QStringList chosen;
        const int n = int(pick(std::min<qsizetype>(free.size(), 6) + 1)); // 0..6 files
        for (int i = 0; i < n; ++i)
            chosen << free.takeAt(qsizetype(pick(free.size())));
        QJsonObject body{{QStringLiteral("name"), name},
                         {QStringLiteral("executed_obs_unit_id"), obs},
                         {QStringLiteral("instrument_module"), module},
                         {QStringLiteral("file_ids"), QJsonArray::fromStringList(chosen)}};
        const bool withId = chance(70) || m_armedNow[c];
        if (withId)
            body.insert(QStringLiteral("id"), id);
        QStringList names;
        int status = 201;
        if (v < 35) {
            status = 422;
            switch (pick(5)) {
            case 0: {
                // A file of another module or observation.
                QString other;
                for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
                    if (it->owner == c && (it->module != module || it->obs != obs))
                        other = it->id;
                if (other.isEmpty())
                    return;
                chosen << other;
                names << QStringLiteral("file_ids") << other;
                break;
            }
            case 1: {
                // A file already in a package (of this console, known to it).
                QString inPackage;
                for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
                    if (it->owner == c && !it->package.isEmpty() && it->obs == obs &&
                        it->module == module)
                        inPackage = it->id;
                if (inPackage.isEmpty())
                    return;
                chosen << inPackage;
                status = 409;
                names << QStringLiteral("file_ids") << inPackage;
                break;
            }
            case 2: {
                const QString unknown = uuid();
                chosen << unknown;
                names << QStringLiteral("file_ids") << unknown;
                break;
            }
            case 3: {
                QString taken;
                for (const Package &p : std::as_const(m_packages))
                    if (p.owner == c)
                        taken = p.name;
                if (taken.isEmpty())
                    return;
                body.insert(QStringLiteral("name"), taken);
                status = 409;
                names << QStringLiteral("name") << taken;
                break;
            }
            default:
                chosen << chosen.value(0, QStringLiteral("nope"));
                names << QStringLiteral("file_ids");
            }
            body.insert(QStringLiteral("file_ids"), QJsonArray::fromStringList(chosen));
            body.insert(QStringLiteral("id"), id);
            expect("package (refused)", c, path, json(body), send(c, "POST", path, json(body)),
                   {status}, names);
            refusedId(id);
            return;
        }
        qint64 total = 0;
        for (const QString &f : std::as_const(chosen))
            total += m_files[f].size;
        if (total > kMaxPackageBytes) {
            status = 422;
            names << QStringLiteral("file_ids") << QString::number(total);
        }
        const Call call = send(c, "POST", path, json(body));
        if (!expect(status == 201 ? "create package" : "create package over the limit", c, path,
                    json(body), call, {status}, names) ||
            call.r.status != 201) {
            if (withId)
                refusedId(id);
            return;
        }
        Package p;
        p.id = call.r.object().value(QLatin1StringView("id")).toString();
        if (withId && p.id != id)
            issue(QStringLiteral("answer"),
                  QStringLiteral("package id %1 answered as %2").arg(id, p.id));
        p.name = name;
        p.obs = obs;
        p.module = module;
        p.owner = c;
        p.files = chosen;
        p.total = total;
        for (const QString &f : std::as_const(chosen))
            m_files[f].package = p.id;
        m_packages.insert(p.id, p);
        acked(c, call, QStringLiteral("package"), p.id);
        if (withId && chance(20)) {
            const QString tx =
                call.r.object().value(QLatin1StringView("transaction_id")).toString();
            const Call again = send(c, "POST", path, json(body));
            if (expect("create package re-sent", c, path, json(body), again, {201}))
                acked(c, again, QStringLiteral("package"), p.id, tx);
        }
    }

    void opFinalize(int c)
    {
        QList<QString> own;
        for (const Package &p : std::as_const(m_packages))
            if (p.owner == c && !obsBlocked(c, p.obs))
                own << p.id;
        if (own.isEmpty() || chance(10)) {
            const QString id = uuid();
            const QString path = QStringLiteral("/raw_data_package/%1/finalize").arg(id);
            expect("finalize unknown", c, path, "{}", send(c, "PUT", path, "{}"), {404}, {id});
            return;
        }
        Package &p = m_packages[one(own)];
        const QString path = QStringLiteral("/raw_data_package/%1/finalize").arg(p.id);
        const Call call = send(c, "PUT", path, "{}");
        if (p.status == QLatin1StringView("complete")) {
            expect("finalize twice", c, path, "{}", call, {409},
                   {p.id, QStringLiteral("complete")});
            return;
        }
        if (!expect("finalize", c, path, "{}", call,
                    call.resent ? QList<int>{200, 409} : QList<int>{200}) ||
            call.r.status >= 300) {
            if (call.r.status == 409)
                p.status = QStringLiteral("complete");
            return;
        }
        p.status = QStringLiteral("complete");
        acked(c, call, QStringLiteral("finalize"), p.id);
    }

    // ---- staging -----------------------------------------------------------------------
    /// The jobs of console c that are active (or may be) for a package and destination.
    void activeJobs(int c, const QString &package, const QString &destination, bool &sure,
                    bool &maybe, QString &jobId)
    {
        sure = maybe = false;
        for (const Job &j : std::as_const(m_jobs)) {
            if (j.owner != c || j.destination != destination || !j.packages.contains(package))
                continue;
            if (isActiveJob(j.status)) {
                if (j.uncertain && !isActiveJob(j.central))
                    maybe = true;
                else
                    sure = true;
                jobId = j.id;
            }
        }
    }

    void opStage(int c)
    {
        const QString path = QStringLiteral("/staging/stage");
        QList<QString> complete, building;
        for (const Package &p : std::as_const(m_packages)) {
            if (p.owner != c || obsBlocked(c, p.obs) || m_poisonedPackages[c].contains(p.id))
                continue;
            (p.status == QLatin1StringView("complete") ? complete : building) << p.id;
        }
        const QString id = uuid();
        const QString destination = one(kDestinations);
        const int v = int(pick(100));
        if (v < 20 || complete.isEmpty()) {
            QJsonObject body{{QStringLiteral("id"), id},
                             {QStringLiteral("destination"), destination}};
            QStringList names{QStringLiteral("raw_data_package_ids")};
            int status = 422;
            switch (pick(4)) {
            case 0:
                body.insert(QStringLiteral("raw_data_package_ids"), QJsonArray());
                break;
            case 1: {
                const QString unknown = uuid();
                body.insert(QStringLiteral("raw_data_package_ids"), QJsonArray{unknown});
                names << unknown;
                break;
            }
            case 2:
                if (building.isEmpty()) {
                    body.insert(QStringLiteral("raw_data_package_ids"), QStringLiteral("all"));
                } else {
                    const QString b = one(building);
                    body.insert(QStringLiteral("raw_data_package_ids"), QJsonArray{b});
                    status = 409;
                    names << b << QStringLiteral("building");
                }
                break;
            default:
                body.insert(QStringLiteral("raw_data_package_ids"), QJsonArray{uuid()});
                body.remove(QStringLiteral("destination"));
                names = QStringList{QStringLiteral("destination")};
            }
            expect("stage (refused)", c, path, json(body), send(c, "POST", path, json(body)),
                   {status}, names);
            refusedId(id);
            return;
        }
        QStringList chosen{one(complete)};
        if (complete.size() > 1 && chance(30)) {
            const QString second = one(complete);
            if (second != chosen.first())
                chosen << second;
        }
        QJsonObject body{
            {QStringLiteral("raw_data_package_ids"), QJsonArray::fromStringList(chosen)},
            {QStringLiteral("destination"), destination}};
        if (chance(50))
            body.insert(QStringLiteral("reason"),
                        QStringLiteral("reduction of night %1").arg(m_seed));
        const bool withId = chance(70) || m_armedNow[c];
        if (withId)
            body.insert(QStringLiteral("id"), id);
        bool sure = false, maybe = false;
        QString activeJob;
        for (const QString &p : std::as_const(chosen)) {
            bool s = false, m = false;
            activeJobs(c, p, destination, s, m, activeJob);
            sure = sure || s;
            maybe = maybe || m;
        }
        QList<int> allowed;
        if (sure)
            allowed = {409};
        else if (maybe)
            allowed = {201, 409};
        else
            allowed = {201};
        const Call call = send(c, "POST", path, json(body));
        expect("stage", c, path, json(body), call, allowed,
               {QStringLiteral("raw_data_package_ids"), activeJob});
        if (sure && call.r.status == 201) {
            // What the console shows of the job it should have named.
            const HttpResult view =
                m_consoles[c]->http().get(QStringLiteral("/staging/status/%1").arg(activeJob));
            issue(QStringLiteral("answer"),
                  QStringLiteral("  ... console %1 shows the active job %2 as: %3")
                      .arg(c)
                      .arg(activeJob)
                      .arg(QString::fromUtf8(view.raw.left(600))));
        }
        if (call.r.status != 201) {
            if (withId)
                refusedId(id);
            return;
        }
        Job j;
        j.id = call.r.object().value(QLatin1StringView("id")).toString();
        if (withId && j.id != id)
            issue(QStringLiteral("answer"),
                  QStringLiteral("staging job id %1 answered as %2").arg(id, j.id));
        j.owner = c;
        j.destination = destination;
        j.packages = chosen;
        m_jobs.insert(j.id, j);
        m_jobOrder << j.id;
        acked(c, call, QStringLiteral("stage"), j.id);
        if (withId && chance(20)) {
            const QString tx =
                call.r.object().value(QLatin1StringView("transaction_id")).toString();
            const Call again = send(c, "POST", path, json(body));
            if (expect("stage re-sent", c, path, json(body), again, {201}))
                acked(c, again, QStringLiteral("stage"), j.id, tx);
        }
    }

    /// Sends a cancel of job j and follows the answer; returns whether it was accepted.
    bool cancel(int c, Job &j)
    {
        const QString path = QStringLiteral("/staging/%1").arg(j.id);
        QJsonObject body;
        if (chance(70))
            body.insert(QStringLiteral("reason"),
                        QStringLiteral("operator %1 changed plans").arg(c));
        const QByteArray raw = body.isEmpty() && chance(50) ? QByteArray() : json(body);
        const Call call = send(c, "DELETE", path, raw);
        if (!isActiveJob(j.status)) {
            expect("cancel a finished job", c, path, raw, call, {409}, {j.id, j.status});
            return false;
        }
        const bool overtaken = j.uncertain && !isActiveJob(j.central);
        QList<int> allowed{200};
        if (overtaken || call.resent)
            allowed << 409;
        if (!expect("cancel", c, path, raw, call, allowed, {j.id, j.central}))
            return false;
        if (call.r.status == 409) {
            if (overtaken) {
                j.status = j.central;
                j.uncertain = false;
            } else {
                j.status = QStringLiteral("cancelled");
            }
            return false;
        }
        if (call.r.object().value(QLatin1StringView("status")).toString() !=
            QLatin1StringView("cancelled"))
            issue(QStringLiteral("answer"),
                  QStringLiteral("cancel answered %1").arg(QString::fromUtf8(call.r.raw)));
        j.status = QStringLiteral("cancelled");
        acked(c, call, QStringLiteral("cancel"), j.id);
        j.cancelTx = call.r.object().value(QLatin1StringView("transaction_id")).toString();
        if (overtaken) {
            predictDead(c, j.cancelTx);
            poisonJob(j);
        }
        return true;
    }
    void poisonJob(Job &j)
    {
        j.poisoned = true;
        for (const QString &p : std::as_const(j.packages))
            m_poisonedPackages[j.owner].insert(p);
    }

    void opCancel(int c)
    {
        const int v = int(pick(100));
        if (v < 10) {
            const QString id = uuid();
            const QString path = QStringLiteral("/staging/%1").arg(id);
            expect("cancel unknown", c, path, {}, send(c, "DELETE", path), {404}, {id});
            return;
        }
        QList<QString> own;
        for (const QString &id : std::as_const(m_jobOrder))
            if (m_jobs[id].owner == c && !m_jobs[id].poisoned)
                own << id;
        if (own.isEmpty())
            return;
        Job &j = m_jobs[one(own)];
        if (v < 18) {
            const QString path = QStringLiteral("/staging/%1").arg(j.id);
            const QByteArray raw = "{\"reason\": 42}";
            expect("cancel with a bad reason", c, path, raw, send(c, "DELETE", path, raw), {422},
                   {QStringLiteral("reason")});
            return;
        }
        cancel(c, j);
    }

    // ---- the data-transfer stand-in and the third writer (central, directly) -------------
    std::optional<QList<QList<QString>>> centralQuery(const QByteArray &sql)
    {
        ops::PgConnection pg;
        if (!pg.connect(m_central->conninfo()))
            return std::nullopt;
        return pg.query(sql);
    }
    static QByteArray lit(const QString &text)
    {
        QByteArray out;
        ops::PgConnection::appendLiteral(out, text);
        return out;
    }

    /// Moves a staging job on in central; true when it changed.
    bool advanceJob(Job &j, bool toFinal)
    {
        const auto rows =
            centralQuery("SELECT status FROM opsdb.staging_job WHERE id = " + lit(j.id));
        if (!rows || rows->isEmpty())
            return false;
        const QString cur = rows->first().value(0);
        if (!isActiveJob(cur))
            return false;
        QString next;
        QByteArray extra;
        if (toFinal || cur == QLatin1StringView("in_progress")) {
            next = chance(75) ? QStringLiteral("completed") : QStringLiteral("failed");
            if (next == QLatin1StringView("failed"))
                extra = ", retry_count = retry_count + 1, error_message = 'transfer to "
                        "destination timed out'";
        } else {
            next = cur == QLatin1StringView("pending") ? QStringLiteral("scheduled")
                                                       : QStringLiteral("in_progress");
        }
        const auto done = centralQuery("UPDATE opsdb.staging_job SET status = " + lit(next) +
                                       extra + " WHERE id = " + lit(j.id) +
                                       " AND status = " + lit(cur) + " RETURNING id");
        if (!done || done->isEmpty())
            return false;
        j.central = next;
        if (isActiveJob(j.status))
            j.uncertain = true; // its owner shows central's status once it has pulled it
        if (j.status == QLatin1StringView("cancelled") && !j.cancelTx.isEmpty() &&
            !isActiveJob(next)) {
            // The console's cancel had not reached central yet: central refuses it for good.
            predictDead(j.owner, j.cancelTx);
            poisonJob(j);
        }
        return true;
    }

    void opTransfer()
    {
        if (!m_centralUp)
            return;
        const int v = int(pick(100));
        if (v < 50 && !m_jobOrder.isEmpty()) {
            advanceJob(m_jobs[one(m_jobOrder)], chance(20));
            return;
        }
        if (v < 80 && !m_packages.isEmpty()) {
            const QString id = one(m_packages.keys());
            const auto rows = centralQuery(
                "SELECT status, transfer_state FROM opsdb.raw_data_package WHERE id = " + lit(id));
            if (!rows || rows->isEmpty() || rows->first().value(0) != QLatin1StringView("complete"))
                return;
            const QString cur = rows->first().value(1);
            QString next;
            if (cur.isNull())
                next = QStringLiteral("waiting");
            else if (cur == QLatin1StringView("waiting"))
                next = QStringLiteral("transferring");
            else if (cur == QLatin1StringView("transferring"))
                next = chance(80) ? QStringLiteral("archived") : QStringLiteral("failed");
            else
                return;
            centralQuery("UPDATE opsdb.raw_data_package SET transfer_state = " + lit(next) +
                         " WHERE id = " + lit(id) + " AND transfer_state IS NOT DISTINCT FROM " +
                         (cur.isNull() ? QByteArray("NULL") : lit(cur)) + " RETURNING id");
            return;
        }
        // Abort an observation that no console has finished yet.
        QList<QString> running;
        for (const QString &id : std::as_const(m_obsOrder))
            if (!m_obs[id].finishAccepted && !m_obs[id].dtsAborted &&
                m_obs[id].status == QLatin1StringView("running"))
                running << id;
        if (running.isEmpty())
            return;
        abortInCentral(m_obs[one(running)]);
    }
    bool abortInCentral(Obs &o)
    {
        const auto done = centralQuery(
            "UPDATE opsdb.executed_obs_unit SET status = 'aborted', end_time = greatest(now(), "
            "start_time), obs_info = obs_info || '{\"aborted_by\": \"data-transfer\"}' WHERE id "
            "= " +
            lit(o.id) + " AND status = 'running' RETURNING id");
        if (!done || done->isEmpty())
            return false;
        o.dtsAborted = true;
        if (o.finishAccepted) {
            predictDead(o.owner, o.finishTx);
            o.poisoned = true;
        } else {
            o.uncertain = true;
        }
        return true;
    }

    /// A cancel or a finish overtaken in central before the console could replay it.
    void opRace(int c)
    {
        if (!m_centralUp)
            return;
        if (chance(50)) {
            QList<QString> own;
            for (const QString &id : std::as_const(m_jobOrder)) {
                const Job &j = m_jobs[id];
                if (j.owner == c && !j.poisoned && isActiveJob(j.status) && !j.uncertain)
                    own << id;
            }
            if (own.isEmpty())
                return;
            Job &j = m_jobs[one(own)];
            if (cancel(c, j))
                advanceJob(j, true);
            return;
        }
        const QList<QString> running = obsOwnedRunning(c, false);
        if (running.isEmpty())
            return;
        Obs &o = m_obs[one(running)];
        const QString path = QStringLiteral("/executed_obs_units/%1/finish").arg(o.id);
        const Call call = send(c, "PUT", path, "{}");
        if (!expect("finish (raced)", c, path, "{}", call,
                    call.resent ? QList<int>{200, 409} : QList<int>{200}) ||
            call.r.status != 200)
            return;
        o.status = QStringLiteral("completed");
        o.finishAccepted = true;
        acked(c, call, QStringLiteral("finish"), o.id);
        o.finishTx = call.r.object().value(QLatin1StringView("transaction_id")).toString();
        abortInCentral(o);
    }

    void opExternalInsert()
    {
        if (!m_centralUp)
            return;
        Obs o;
        o.id = uuid();
        o.unit = 100 + qint64(pick(12));
        o.external = true;
        o.owner = int(pick(2));
        o.startMicros = m_baseMicros + qint64(pick(3600)) * 1000000 + qint64(pick(1000000));
        const bool done = chance(40);
        o.status = done ? QStringLiteral("completed") : QStringLiteral("running");
        QByteArray sql =
            "INSERT INTO opsdb.executed_obs_unit (id, obs_unit_id, site, status, start_time, "
            "end_time, obs_info, mean_pwv, mean_elevation, operator) VALUES (" +
            lit(o.id) + ", " + QByteArray::number(o.unit) + ", 'cologne', " + lit(o.status) + ", " +
            lit(stamp(o.startMicros, offset())) + ", " +
            (done ? lit(stamp(o.startMicros + 600000000, 60)) : QByteArray("NULL")) + ", " +
            (chance(50) ? QByteArray("'{}'")
                        : QByteArray("'{\"planned_by\": \"scheduler\", \"priority\": 2}'")) +
            ", " +
            (chance(50) ? QByteArray("NULL")
                        : QByteArray::number(double(pick(3000)) / 1000.0, 'g', 17)) +
            ", " + (chance(50) ? QByteArray("NULL") : QByteArray("45.125")) + ", 'scheduler')";
        const auto inserted = centralQuery(sql + " RETURNING id");
        if (!inserted || inserted->isEmpty())
            return;
        m_obs.insert(o.id, o);
        m_obsOrder << o.id;
    }

    // ---- reads ----------------------------------------------------------------------
    /// Compares a read with the last one: nothing vanishes, no link is lost, no state goes back.
    void monotonic(int c, const QString &id, const QString &what, int rank,
                   const QSet<QString> &links, const QString &package = {})
    {
        Seen &s = m_seen[c][id];
        const bool first = !m_seenBy[c].contains(id);
        m_seenBy[c].insert(id);
        if (!first) {
            if (rank < s.rank)
                issue(QStringLiteral("went back"),
                      QStringLiteral("console %1: %2 %3 went back in state (rank %4 -> %5)")
                          .arg(c)
                          .arg(what, id)
                          .arg(s.rank)
                          .arg(rank));
            const QSet<QString> lost = s.links - links;
            if (!lost.isEmpty())
                issue(QStringLiteral("lost link"),
                      QStringLiteral("console %1: %2 %3 lost link(s) %4")
                          .arg(c)
                          .arg(what, id, QStringList(lost.values()).join(QLatin1Char(','))));
            if (!s.package.isEmpty() && package != s.package)
                issue(QStringLiteral("lost link"),
                      QStringLiteral("console %1: file %2 was in package %3, now \"%4\"")
                          .arg(c)
                          .arg(id, s.package, package));
        }
        s.rank = std::max(s.rank, rank);
        s.links |= links;
        if (!package.isEmpty())
            s.package = package;
    }
    void vanished(int c, const QString &id, const QString &what)
    {
        if (m_seenBy[c].contains(id))
            issue(QStringLiteral("vanished"),
                  QStringLiteral("console %1: %2 %3 was shown before and is gone")
                      .arg(c)
                      .arg(what, id));
    }
    static QSet<QString> ids(const QJsonArray &rows)
    {
        QSet<QString> out;
        for (const QJsonValue &r : rows)
            out.insert(r.toObject().value(QLatin1StringView("id")).toString());
        return out;
    }
    void seeObs(int c, const QJsonObject &row)
    {
        const QString id = row.value(QLatin1StringView("id")).toString();
        const QString status = row.value(QLatin1StringView("status")).toString();
        QSet<QString> links = ids(row.value(QLatin1StringView("raw_data_files")).toArray());
        links |= ids(row.value(QLatin1StringView("raw_data_packages")).toArray());
        monotonic(c, id, QStringLiteral("observation"), isFinalObs(status) ? 1 : 0, links);
        for (const QJsonValue &f : row.value(QLatin1StringView("raw_data_files")).toArray())
            seeFile(c, f.toObject());
        if (!m_obs.contains(id)) {
            issue(
                QStringLiteral("unknown record"),
                QStringLiteral("console %1 shows observation %2 that nobody made").arg(c).arg(id));
            return;
        }
        Obs &o = m_obs[id];
        if (o.owner != c)
            return;
        if (o.uncertain && status == QLatin1StringView("aborted")) {
            o.uncertain = false;
            o.status = status;
        } else if (!o.uncertain && !o.external && status != o.status) {
            issue(QStringLiteral("model"),
                  QStringLiteral("console %1: observation %2 shows status %3, the model says %4")
                      .arg(c)
                      .arg(id, status, o.status));
        }
        // Read-your-writes: every file this console registered for it is listed.
        const QSet<QString> shown = ids(row.value(QLatin1StringView("raw_data_files")).toArray());
        for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
            if (it->obs == id && it->owner == c && !shown.contains(it->id))
                issue(QStringLiteral("read-your-writes"),
                      QStringLiteral("console %1: observation %2 does not list its file %3")
                          .arg(c)
                          .arg(id, it->id));
    }
    void seeFile(int c, const QJsonObject &row)
    {
        const QString id = row.value(QLatin1StringView("id")).toString();
        const QJsonValue pkg = row.value(QLatin1StringView("raw_data_package_id"));
        monotonic(c, id, QStringLiteral("file"), 0, {},
                  pkg.isString() ? pkg.toString() : QString());
    }
    void seePackage(int c, const QJsonObject &row)
    {
        const QString id = row.value(QLatin1StringView("id")).toString();
        monotonic(c, id, QStringLiteral("package"),
                  row.value(QLatin1StringView("status")).toString() == QLatin1StringView("complete")
                      ? 1
                      : 0,
                  ids(row.value(QLatin1StringView("files")).toArray()));
    }
    void seeJob(int c, const QJsonObject &row)
    {
        const QString id = row.value(QLatin1StringView("id")).toString();
        const QString status = row.value(QLatin1StringView("status")).toString();
        const QSet<QString> links = ids(row.value(QLatin1StringView("packages")).toArray());
        monotonic(c, id, QStringLiteral("staging job"), jobRank(status), links);
        QSet<QString> listed;
        for (const QJsonValue &v : row.value(QLatin1StringView("raw_data_package_ids")).toArray())
            listed.insert(v.toString());
        if (listed != links)
            issue(QStringLiteral("links"),
                  QStringLiteral(
                      "console %1: staging job %2 lists raw_data_package_ids %3 but packages %4")
                      .arg(c)
                      .arg(id, QStringList(listed.values()).join(QLatin1Char(',')),
                           QStringList(links.values()).join(QLatin1Char(','))));
        if (!m_jobs.contains(id))
            return;
        Job &j = m_jobs[id];
        if (j.owner != c)
            return;
        if (j.uncertain && status == j.central) {
            j.uncertain = false;
            j.status = status;
        }
        const QSet<QString> want(j.packages.cbegin(), j.packages.cend());
        if (links != want)
            issue(QStringLiteral("links"),
                  QStringLiteral("console %1: staging job %2 (status %3, sync_state %4) shows %5 "
                                 "of its %6 packages")
                      .arg(c)
                      .arg(id, status, row.value(QLatin1StringView("sync_state")).toString())
                      .arg(links.size())
                      .arg(want.size()));
    }

    void opRead(int c)
    {
        const int v = int(pick(100));
        if (v < 35 && !m_obsOrder.isEmpty()) {
            const qint64 unit = m_obs[one(m_obsOrder)].unit;
            const QString path = QStringLiteral("/executed_obs_units/%1?limit=10000").arg(unit);
            const Call call = send(c, "GET", path);
            if (!expect("read observations", c, path, {}, call, {200}))
                return;
            const QJsonArray rows = call.r.array();
            const QSet<QString> shown = ids(rows);
            for (const QJsonValue &r : rows)
                seeObs(c, r.toObject());
            for (const QString &id : std::as_const(m_obsOrder)) {
                const Obs &o = m_obs[id];
                if (o.unit != unit || shown.contains(id))
                    continue;
                vanished(c, id, QStringLiteral("observation"));
                if (o.owner == c && !o.external)
                    issue(QStringLiteral("read-your-writes"),
                          QStringLiteral("console %1 does not show its observation %2")
                              .arg(c)
                              .arg(id));
            }
            return;
        }
        if (v < 55 && !m_files.isEmpty()) {
            const File &f = m_files[one(m_files.keys())];
            const QString path = QStringLiteral("/raw_data_files/%1").arg(f.id);
            const Call call = send(c, "GET", path);
            const bool mine = f.owner == c;
            if (!expect("read file", c, path, {}, call,
                        mine ? QList<int>{200} : QList<int>{200, 404}, {f.id}))
                return;
            if (call.r.status == 404) {
                vanished(c, f.id, QStringLiteral("file"));
                return;
            }
            seeFile(c, call.r.object());
            if (mine) {
                const QJsonObject row = call.r.object();
                if (row.value(QLatin1StringView("relative_path")).toString() != f.path ||
                    row.value(QLatin1StringView("size_bytes")).toInteger(-1) != f.size)
                    issue(QStringLiteral("model"), QStringLiteral("console %1: file %2 reads %3")
                                                       .arg(c)
                                                       .arg(f.id, QString::fromUtf8(call.r.raw)));
            }
            return;
        }
        if (v < 72 && !m_packages.isEmpty()) {
            const Package &p = m_packages[one(m_packages.keys())];
            const QString path = QStringLiteral("/raw_data_package/%1").arg(p.id);
            const Call call = send(c, "GET", path);
            if (!expect("read package", c, path, {}, call,
                        p.owner == c ? QList<int>{200} : QList<int>{200, 404}, {p.id}))
                return;
            if (call.r.status == 404) {
                vanished(c, p.id, QStringLiteral("package"));
                return;
            }
            seePackage(c, call.r.object());
            if (p.owner == c) {
                const QJsonObject row = call.r.object();
                const QSet<QString> files = ids(row.value(QLatin1StringView("files")).toArray());
                if (row.value(QLatin1StringView("status")).toString() != p.status ||
                    files != QSet<QString>(p.files.cbegin(), p.files.cend()) ||
                    row.value(QLatin1StringView("total_size_bytes")).toInteger(-1) != p.total)
                    issue(QStringLiteral("model"),
                          QStringLiteral(
                              "console %1: package %2 (model: %3, %4 files, %5 bytes) reads %6")
                              .arg(c)
                              .arg(p.id, p.status)
                              .arg(p.files.size())
                              .arg(p.total)
                              .arg(QString::fromUtf8(call.r.raw.left(400))));
            }
            return;
        }
        if (v < 88 && !m_jobOrder.isEmpty()) {
            const Job &j = m_jobs[one(m_jobOrder)];
            const QString path = QStringLiteral("/staging/status/%1").arg(j.id);
            const Call call = send(c, "GET", path);
            if (!expect("read staging job", c, path, {}, call,
                        j.owner == c ? QList<int>{200} : QList<int>{200, 404}, {j.id}))
                return;
            if (call.r.status == 404) {
                vanished(c, j.id, QStringLiteral("staging job"));
                return;
            }
            seeJob(c, call.r.object());
            return;
        }
        // Unknown ids and malformed ones.
        const QString id = uuid();
        const QStringList routes{QStringLiteral("/raw_data_files/%1"),
                                 QStringLiteral("/raw_data_package/%1"),
                                 QStringLiteral("/staging/status/%1")};
        const QString route = one(routes);
        if (chance(50)) {
            const QString path = route.arg(id);
            expect("read unknown", c, path, {}, send(c, "GET", path), {404}, {id});
        } else {
            const QString path = route.arg(QStringLiteral("not-a-uuid"));
            expect("read malformed id", c, path, {}, send(c, "GET", path), {422},
                   {QStringLiteral("not-a-uuid"), QStringLiteral("id")});
        }
    }

    // ---- dead letters ---------------------------------------------------------------
    QJsonArray failedList(int c)
    {
        const Call call =
            send(c, "GET", QStringLiteral("/sync/transactions?state=failed&limit=10000"));
        if (!expect("list dead letters", c, QStringLiteral("/sync/transactions?state=failed"), {},
                    call, {200}))
            return {};
        const QJsonArray list = call.r.array();
        for (const QJsonValue &v : list) {
            const QJsonObject t = v.toObject();
            const QString id = t.value(QLatin1StringView("id")).toString();
            if ((!m_txs.contains(id) || !m_txs[id].dead || m_txs[id].console != c) &&
                !m_reportedDead.contains(id)) {
                m_reportedDead.insert(id);
                issue(QStringLiteral("unexpected dead letter"),
                      QStringLiteral("console %1 dead-lettered %2 (%3, %4): %5")
                          .arg(c)
                          .arg(id, t.value(QLatin1StringView("kind")).toString(),
                               t.value(QLatin1StringView("summary")).toString(),
                               t.value(QLatin1StringView("last_error")).toString()));
            }
        }
        return list;
    }

    void opSyncAdmin(int c)
    {
        const int v = int(pick(100));
        if (v < 15) {
            const QString id = uuid();
            const QString path = QStringLiteral("/sync/transactions/%1/retry").arg(id);
            expect("retry unknown", c, path, {}, send(c, "POST", path), {404}, {id});
            return;
        }
        if (v < 25) {
            const QString path = QStringLiteral("/sync/transactions?state=stuck");
            expect("list with a bad state", c, path, {}, send(c, "GET", path), {422},
                   {QStringLiteral("state"), QStringLiteral("stuck")});
            return;
        }
        const QJsonArray list = failedList(c);
        for (const QJsonValue &v2 : list) {
            const QString id = v2.toObject().value(QLatin1StringView("id")).toString();
            if (!m_txs.contains(id) || !m_txs[id].dead)
                continue;
            handleDead(c, id, int(pick(100)));
            break;
        }
    }
    /// Retries (it fails again: central still holds the newer state) or discards a dead letter.
    void handleDead(int c, const QString &id, int roll)
    {
        Tx &t = m_txs[id];
        if (roll < 35) {
            const QString path = QStringLiteral("/sync/transactions/%1/retry").arg(id);
            if (expect("retry a dead letter", c, path, {}, send(c, "POST", path), {200}))
                ++m_retries;
            return;
        }
        const QString path = QStringLiteral("/sync/transactions/%1").arg(id);
        if (roll < 45) {
            expect("discard without a reason", c, path, "{}", send(c, "DELETE", path, "{}"), {422},
                   {QStringLiteral("reason")});
            return;
        }
        const QByteArray body =
            json(QJsonObject{{QStringLiteral("reason"), QStringLiteral("central knows better")}});
        const Call call = send(c, "DELETE", path, body);
        if (!expect("discard a dead letter", c, path, body, call, {200}))
            return;
        ++m_discards;
        t.discarded = true;
        t.dead = false;
        --m_deadPredicted[c];
        // Its effect leaves the merged state: central's version shows again.
        if (t.kind == QLatin1StringView("finish") && m_obs.contains(t.record)) {
            Obs &o = m_obs[t.record];
            o.status = QStringLiteral("aborted");
            o.poisoned = false;
            o.uncertain = false;
        } else if (t.kind == QLatin1StringView("cancel") && m_jobs.contains(t.record)) {
            Job &j = m_jobs[t.record];
            j.status = j.central;
            j.uncertain = false;
        }
    }

    // ---- odd requests on any route ------------------------------------------------------
    void opOddities(int c)
    {
        switch (pick(8)) {
        case 6: {
            const QString night = QDate::currentDate().addDays(-int(pick(2))).toString(Qt::ISODate);
            const QString path =
                QStringLiteral("/executed_obs_units?night=%1&limit=10000").arg(night);
            const Call call = send(c, "GET", path);
            if (expect("night log", c, path, {}, call, {200}))
                for (const QJsonValue &v : call.r.array()) {
                    const QJsonObject row = v.toObject();
                    if (!row.value(QLatin1StringView("file_count")).isDouble() ||
                        !row.value(QLatin1StringView("package_count")).isDouble())
                        issue(QStringLiteral("answer"),
                              QStringLiteral("console %1: night log row without counts: %2")
                                  .arg(c)
                                  .arg(show(row)));
                }
            break;
        }
        case 7: {
            const QString path = QStringLiteral("/sync/transactions?state=pending");
            const Call call = send(c, "GET", path);
            if (expect("pending list", c, path, {}, call, {200}))
                for (const QJsonValue &v : call.r.array())
                    if (v.toObject().value(QLatin1StringView("state")).toString() !=
                        QLatin1StringView("pending"))
                        issue(QStringLiteral("answer"),
                              QStringLiteral("console %1: pending list holds %2")
                                  .arg(c)
                                  .arg(show(v)));
            break;
        }
        case 0: {
            const QString path = QStringLiteral("/executed_obs_units/start");
            expect("start with text/plain", c, path, "{\"obs_unit_id\": 5}",
                   send(c, "POST", path, "{\"obs_unit_id\": 5}", "text/plain"), {400},
                   {QStringLiteral("Content-Type")});
            break;
        }
        case 1: {
            const QString path = QStringLiteral("/raw_data_files/bulk");
            expect("bulk with malformed JSON", c, path, "[{]", send(c, "POST", path, "[{]"), {400},
                   {QStringLiteral("JSON"), QStringLiteral("body")});
            break;
        }
        case 2: {
            const QString path = QStringLiteral("/executed_obs_units/0");
            expect("observations of obs unit 0", c, path, {}, send(c, "GET", path), {422},
                   {QStringLiteral("obs_unit_id")});
            break;
        }
        case 3: {
            const QString path = QStringLiteral("/executed_obs_units/101?limit=0");
            expect("limit 0", c, path, {}, send(c, "GET", path), {422}, {QStringLiteral("limit")});
            break;
        }
        case 4: {
            const QString path = QStringLiteral("/executed_obs_units?night=2026-02-30");
            expect("night log of a day that is not", c, path, {}, send(c, "GET", path), {422},
                   {QStringLiteral("night")});
            break;
        }
        default: {
            const QString path = QStringLiteral("/health");
            const Call call = send(c, "GET", path);
            if (expect("health", c, path, {}, call, {200})) {
                const QJsonObject h = call.r.object();
                if (h.value(QLatin1StringView("site_type")).toString() !=
                    (c == 0 ? QLatin1StringView("main") : QLatin1StringView("secondary")))
                    issue(QStringLiteral("health"), QStringLiteral("console %1 health: %2")
                                                        .arg(c)
                                                        .arg(QString::fromUtf8(call.r.raw)));
            }
        }
        }
    }

    // ---- the morning ----------------------------------------------------------------
    void drainAndCheck()
    {
        m_step = m_ops;
        if (!m_centralUp) {
            if (!Central::startServer())
                issue(QStringLiteral("setup"), QStringLiteral("central does not start again"));
            m_centralUp = true;
            m_centralDownFor = 0;
        }
        for (int c = 0; c < 2; ++c)
            if (m_armedNow[c] || !m_consoles[c]->running()) {
                killConsole(c);
                m_armedNow[c] = true; // a death of the armed one is not a finding
                ensureAlive(c);
                m_armedNow[c] = false;
            }
        // Drain: nothing pending, exactly the predicted dead letters.
        QElapsedTimer timer;
        timer.start();
        bool drained = false;
        while (timer.elapsed() < 90000) {
            bool all = true;
            for (int c = 0; c < 2; ++c) {
                const QJsonObject h = m_consoles[c]->health();
                const QJsonObject b = h.value(QLatin1StringView("buffer")).toObject();
                if (b.value(QLatin1StringView("pending")).toInteger(-1) != 0 ||
                    b.value(QLatin1StringView("failed")).toInteger(-1) != m_deadPredicted[c])
                    all = false;
            }
            if (all) {
                drained = true;
                break;
            }
            QTest::qWait(300);
        }
        for (int c = 0; c < 2; ++c) {
            const QJsonObject b =
                m_consoles[c]->health().value(QLatin1StringView("buffer")).toObject();
            const qint64 pending = b.value(QLatin1StringView("pending")).toInteger(-1);
            if (pending != 0) {
                const QJsonArray list = m_consoles[c]
                                            ->http()
                                            .get(QStringLiteral("/sync/transactions?state=pending"))
                                            .array();
                const QJsonObject first = list.isEmpty() ? QJsonObject() : list.first().toObject();
                issue(
                    QStringLiteral("not drained"),
                    QStringLiteral("console %1 still has %2 pending after 90 s; oldest %3 (%4): %5")
                        .arg(c)
                        .arg(pending)
                        .arg(first.value(QLatin1StringView("id")).toString(),
                             first.value(QLatin1StringView("summary")).toString(),
                             first.value(QLatin1StringView("last_error")).toString()));
            }
            // Exactly the predicted dead letters.
            QSet<QString> listed;
            for (const QJsonValue &v : failedList(c))
                listed.insert(v.toObject().value(QLatin1StringView("id")).toString());
            for (const Tx &t : std::as_const(m_txs))
                if (t.console == c && t.dead && !listed.contains(t.id))
                    issue(QStringLiteral("missing dead letter"),
                          QStringLiteral("console %1: %2 %3 (%4) should be dead-lettered (central "
                                         "moved on first) and is not")
                              .arg(c)
                              .arg(t.kind, t.record, t.id));
        }
        Q_UNUSED(drained);
        // Give the pull time to catch up, then compare until equal (or report the last diffs).
        QStringList diffs;
        timer.restart();
        while (true) {
            diffs = compareAll();
            if (diffs.isEmpty() || timer.elapsed() > 20000)
                break;
            QTest::qWait(1000);
        }
        for (const QString &d : std::as_const(diffs))
            issue(QStringLiteral("differs from central"), d);
        checkTransactions();
    }

    QList<QJsonObject> centralRows(const QByteArray &table, const QByteArray &where)
    {
        QList<QJsonObject> out;
        const auto rows =
            centralQuery("SELECT to_jsonb(t)::text FROM opsdb." + table + " t WHERE " + where);
        if (!rows) {
            issue(QStringLiteral("setup"),
                  QStringLiteral("central query on %1 failed").arg(QString::fromLatin1(table)));
            return out;
        }
        for (const auto &r : *rows)
            out << QJsonDocument::fromJson(r.value(0).toUtf8()).object();
        return out;
    }
    static QMap<QString, QJsonObject> byId(const QList<QJsonObject> &rows)
    {
        QMap<QString, QJsonObject> out;
        for (const QJsonObject &r : rows)
            out.insert(r.value(QLatin1StringView("id")).toString(), r);
        return out;
    }
    /// Records touched by a transaction still dead-lettered: they show the local change on top.
    QSet<QString> deadRecords(int c) const
    {
        QSet<QString> out;
        for (const Tx &t : m_txs)
            if (t.console == c && t.dead)
                out.insert(t.record);
        return out;
    }

    /// Every record each console shows equals central's row; empty when all agree.
    QStringList compareAll()
    {
        QStringList diffs;
        const auto note = [&](const QString &d) {
            if (diffs.size() < 300)
                diffs << d;
        };
        const QMap<QString, QJsonObject> obs = byId(centralRows("executed_obs_unit", "true"));
        const QMap<QString, QJsonObject> files = byId(centralRows("raw_data_file", "true"));
        const QMap<QString, QJsonObject> packages = byId(centralRows("raw_data_package", "true"));
        const QMap<QString, QJsonObject> jobs = byId(centralRows("staging_job", "true"));
        QMap<QString, QSet<QString>> jobLinks;
        for (const QJsonObject &l : centralRows("staging_job_package", "true"))
            jobLinks[l.value(QLatin1StringView("staging_job_id")).toString()].insert(
                l.value(QLatin1StringView("raw_data_package_id")).toString());
        QMap<QString, QSet<QString>> filesOfObs, packagesOfObs, filesOfPackage;
        for (const QJsonObject &f : files) {
            filesOfObs[f.value(QLatin1StringView("executed_obs_unit_id")).toString()].insert(
                f.value(QLatin1StringView("id")).toString());
            const QJsonValue p = f.value(QLatin1StringView("raw_data_package_id"));
            if (p.isString())
                filesOfPackage[p.toString()].insert(f.value(QLatin1StringView("id")).toString());
        }
        for (const QJsonObject &p : packages)
            packagesOfObs[p.value(QLatin1StringView("executed_obs_unit_id")).toString()].insert(
                p.value(QLatin1StringView("id")).toString());

        // Central holds exactly what the model says was made (no lost or extra records).
        for (auto it = m_obs.cbegin(); it != m_obs.cend(); ++it)
            if (!obs.contains(it.key()))
                note(QStringLiteral("central: observation %1 (console %2) is missing")
                         .arg(it.key())
                         .arg(it->owner));
        for (auto it = obs.cbegin(); it != obs.cend(); ++it)
            if (!m_obs.contains(it.key()))
                note(QStringLiteral("central: observation %1 that nobody acknowledged")
                         .arg(it.key()));
        for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
            if (!files.contains(it.key()))
                note(QStringLiteral("central: file %1 (console %2) is missing")
                         .arg(it.key())
                         .arg(it->owner));
        if (files.size() != m_files.size())
            note(QStringLiteral("central: %1 files, the model acknowledged %2")
                     .arg(files.size())
                     .arg(m_files.size()));
        for (auto it = m_packages.cbegin(); it != m_packages.cend(); ++it)
            if (!packages.contains(it.key()))
                note(QStringLiteral("central: package %1 is missing").arg(it.key()));
            else if (QSet<QString>(it->files.cbegin(), it->files.cend()) !=
                     filesOfPackage.value(it.key()))
                note(QStringLiteral("central: package %1 has %2 files, the model %3")
                         .arg(it.key())
                         .arg(filesOfPackage.value(it.key()).size())
                         .arg(it->files.size()));
        if (packages.size() != m_packages.size())
            note(QStringLiteral("central: %1 packages, the model acknowledged %2")
                     .arg(packages.size())
                     .arg(m_packages.size()));
        for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it)
            if (!jobs.contains(it.key()))
                note(QStringLiteral("central: staging job %1 is missing").arg(it.key()));
            else if (QSet<QString>(it->packages.cbegin(), it->packages.cend()) !=
                     jobLinks.value(it.key()))
                note(QStringLiteral("central: staging job %1 links %2 packages, the model %3")
                         .arg(it.key())
                         .arg(jobLinks.value(it.key()).size())
                         .arg(it->packages.size()));
        if (jobs.size() != m_jobs.size())
            note(QStringLiteral("central: %1 staging jobs, the model acknowledged %2")
                     .arg(jobs.size())
                     .arg(m_jobs.size()));

        m_compared = 2 * int(obs.size() + files.size() + packages.size() + jobs.size());
        for (int c = 0; c < 2; ++c) {
            const QSet<QString> dead = deadRecords(c);
            // Observations, by obs unit, with their files and packages.
            QSet<qint64> units;
            for (const QJsonObject &o : obs)
                units.insert(o.value(QLatin1StringView("obs_unit_id")).toInteger());
            for (qint64 unit : std::as_const(units)) {
                const HttpResult r = m_consoles[c]->http().get(
                    QStringLiteral("/executed_obs_units/%1?limit=10000").arg(unit));
                QMap<QString, QJsonObject> shown;
                for (const QJsonValue &v : r.array())
                    shown.insert(v.toObject().value(QLatin1StringView("id")).toString(),
                                 v.toObject());
                for (const QJsonObject &o : obs) {
                    if (o.value(QLatin1StringView("obs_unit_id")).toInteger() != unit)
                        continue;
                    const QString id = o.value(QLatin1StringView("id")).toString();
                    if (!shown.contains(id)) {
                        note(QStringLiteral(
                                 "console %1: GET /executed_obs_units/%2 lacks observation %3")
                                 .arg(c)
                                 .arg(unit)
                                 .arg(id));
                        continue;
                    }
                    const QJsonObject s = shown.value(id);
                    const bool isDead = dead.contains(id);
                    const QString expectState =
                        isDead ? QStringLiteral("failed") : QStringLiteral("synced");
                    if (s.value(QLatin1StringView("sync_state")).toString() != expectState)
                        note(QStringLiteral("console %1: observation %2 sync_state %3, expected %4")
                                 .arg(c)
                                 .arg(id, s.value(QLatin1StringView("sync_state")).toString(),
                                      expectState));
                    if (!isDead)
                        if (const QString d = rowDiff(s, o); !d.isEmpty())
                            note(
                                QStringLiteral("console %1: observation %2: %3").arg(c).arg(id, d));
                    const QSet<QString> f =
                        ids(s.value(QLatin1StringView("raw_data_files")).toArray());
                    if (f != filesOfObs.value(id))
                        note(QStringLiteral(
                                 "console %1: observation %2 lists %3 files, central has %4")
                                 .arg(c)
                                 .arg(id)
                                 .arg(f.size())
                                 .arg(filesOfObs.value(id).size()));
                    const QSet<QString> p =
                        ids(s.value(QLatin1StringView("raw_data_packages")).toArray());
                    if (p != packagesOfObs.value(id))
                        note(QStringLiteral(
                                 "console %1: observation %2 lists %3 packages, central has %4")
                                 .arg(c)
                                 .arg(id)
                                 .arg(p.size())
                                 .arg(packagesOfObs.value(id).size()));
                    for (const QJsonValue &v :
                         s.value(QLatin1StringView("raw_data_files")).toArray()) {
                        const QString fid = v.toObject().value(QLatin1StringView("id")).toString();
                        if (files.contains(fid))
                            if (const QString d = rowDiff(v.toObject(), files.value(fid));
                                !d.isEmpty())
                                note(QStringLiteral("console %1: observation %2's file %3: %4")
                                         .arg(c)
                                         .arg(id, fid, d));
                    }
                    for (const QJsonValue &v :
                         s.value(QLatin1StringView("raw_data_packages")).toArray()) {
                        const QString pid = v.toObject().value(QLatin1StringView("id")).toString();
                        if (packages.contains(pid))
                            if (const QString d = rowDiff(v.toObject(), packages.value(pid));
                                !d.isEmpty())
                                note(QStringLiteral("console %1: observation %2's package %3: %4")
                                         .arg(c)
                                         .arg(id, pid, d));
                    }
                }
                if (shown.size() !=
                    qsizetype(std::count_if(obs.cbegin(), obs.cend(), [&](const QJsonObject &o) {
                        return o.value(QLatin1StringView("obs_unit_id")).toInteger() == unit;
                    })))
                    note(QStringLiteral("console %1: GET /executed_obs_units/%2 shows %3 "
                                        "observations, central has other")
                             .arg(c)
                             .arg(unit)
                             .arg(shown.size()));
            }
            for (const QJsonObject &f : files) {
                const QString id = f.value(QLatin1StringView("id")).toString();
                const HttpResult r =
                    m_consoles[c]->http().get(QStringLiteral("/raw_data_files/%1").arg(id));
                if (r.status != 200) {
                    note(QStringLiteral("console %1: GET /raw_data_files/%2 answered %3")
                             .arg(c)
                             .arg(id)
                             .arg(r.status));
                    continue;
                }
                if (const QString d = rowDiff(r.object(), f); !d.isEmpty())
                    note(QStringLiteral("console %1: file %2: %3").arg(c).arg(id, d));
                if (r.object().value(QLatin1StringView("sync_state")).toString() !=
                    QLatin1StringView("synced"))
                    note(
                        QStringLiteral("console %1: file %2 sync_state %3")
                            .arg(c)
                            .arg(id, r.object().value(QLatin1StringView("sync_state")).toString()));
            }
            for (const QJsonObject &p : packages) {
                const QString id = p.value(QLatin1StringView("id")).toString();
                const HttpResult r =
                    m_consoles[c]->http().get(QStringLiteral("/raw_data_package/%1").arg(id));
                if (r.status != 200) {
                    note(QStringLiteral("console %1: GET /raw_data_package/%2 answered %3")
                             .arg(c)
                             .arg(id)
                             .arg(r.status));
                    continue;
                }
                if (const QString d = rowDiff(r.object(), p); !d.isEmpty())
                    note(QStringLiteral("console %1: package %2: %3").arg(c).arg(id, d));
                const QSet<QString> f = ids(r.object().value(QLatin1StringView("files")).toArray());
                if (f != filesOfPackage.value(id))
                    note(QStringLiteral("console %1: package %2 shows %3 files, central links %4")
                             .arg(c)
                             .arg(id)
                             .arg(f.size())
                             .arg(filesOfPackage.value(id).size()));
                for (const QJsonValue &v : r.object().value(QLatin1StringView("files")).toArray()) {
                    const QString fid = v.toObject().value(QLatin1StringView("id")).toString();
                    if (files.contains(fid))
                        if (const QString d = rowDiff(v.toObject(), files.value(fid)); !d.isEmpty())
                            note(QStringLiteral("console %1: package %2's file %3: %4")
                                     .arg(c)
                                     .arg(id, fid, d));
                }
            }
            for (const QJsonObject &j : jobs) {
                const QString id = j.value(QLatin1StringView("id")).toString();
                const HttpResult r =
                    m_consoles[c]->http().get(QStringLiteral("/staging/status/%1").arg(id));
                if (r.status != 200) {
                    note(QStringLiteral("console %1: GET /staging/status/%2 answered %3")
                             .arg(c)
                             .arg(id)
                             .arg(r.status));
                    continue;
                }
                const bool isDead = dead.contains(id);
                const QString expectState =
                    isDead ? QStringLiteral("failed") : QStringLiteral("synced");
                if (r.object().value(QLatin1StringView("sync_state")).toString() != expectState)
                    note(QStringLiteral("console %1: staging job %2 sync_state %3, expected %4")
                             .arg(c)
                             .arg(id, r.object().value(QLatin1StringView("sync_state")).toString(),
                                  expectState));
                if (!isDead)
                    if (const QString d = rowDiff(r.object(), j); !d.isEmpty())
                        note(QStringLiteral("console %1: staging job %2: %3").arg(c).arg(id, d));
                const QSet<QString> links =
                    ids(r.object().value(QLatin1StringView("packages")).toArray());
                if (links != jobLinks.value(id))
                    note(QStringLiteral("console %1: staging job %2 (sync_state %3) shows %4 "
                                        "packages, central links %5")
                             .arg(c)
                             .arg(id, r.object().value(QLatin1StringView("sync_state")).toString())
                             .arg(links.size())
                             .arg(jobLinks.value(id).size()));
                for (const QJsonValue &v :
                     r.object().value(QLatin1StringView("packages")).toArray()) {
                    const QString pid = v.toObject().value(QLatin1StringView("id")).toString();
                    if (packages.contains(pid))
                        if (const QString d = rowDiff(v.toObject(), packages.value(pid));
                            !d.isEmpty())
                            note(QStringLiteral("console %1: staging job %2's package %3: %4")
                                     .arg(c)
                                     .arg(id, pid, d));
                }
            }
        }
        return diffs;
    }

    void checkTransactions()
    {
        QSet<QString> applied;
        const auto rows = centralQuery(
            "SELECT id::text, count(*) OVER (PARTITION BY id) FROM opsdb.applied_transaction");
        if (!rows) {
            issue(QStringLiteral("setup"), QStringLiteral("cannot read applied_transaction"));
            return;
        }
        for (const auto &r : *rows) {
            applied.insert(r.value(0));
            if (r.value(1).toInt() != 1)
                issue(QStringLiteral("exactly once"),
                      QStringLiteral("applied_transaction holds %1 %2 times")
                          .arg(r.value(0), r.value(1)));
        }
        for (const Tx &t : std::as_const(m_txs)) {
            const bool should = !t.dead && !t.discarded;
            if (should != applied.contains(t.id))
                issue(QStringLiteral("exactly once"),
                      QStringLiteral(
                          "console %1's %2 of %3 (transaction %4, %5) is %6 in applied_transaction")
                          .arg(t.console)
                          .arg(t.kind, t.record, t.id,
                               t.dead        ? QStringLiteral("dead-lettered")
                               : t.discarded ? QStringLiteral("discarded")
                                             : QStringLiteral("acknowledged"),
                               should ? QStringLiteral("missing") : QStringLiteral("present")));
        }
        // Nothing refused left a trace.
        QSet<QString> made;
        for (const QString &id : m_obs.keys())
            made.insert(id);
        for (const QString &id : m_files.keys())
            made.insert(id);
        for (const QString &id : m_packages.keys())
            made.insert(id);
        for (const QString &id : m_jobs.keys())
            made.insert(id);
        QStringList refused;
        for (const QString &id : std::as_const(m_refusedIds))
            if (!made.contains(id))
                refused << QString::fromUtf8(lit(id));
        if (refused.isEmpty())
            return;
        const QByteArray list = "(" + refused.join(QLatin1Char(',')).toUtf8() + ")";
        for (const QByteArray &table :
             {QByteArray("executed_obs_unit"), QByteArray("raw_data_file"),
              QByteArray("raw_data_package"), QByteArray("staging_job")}) {
            const auto found =
                centralQuery("SELECT id::text FROM opsdb." + table + " WHERE id::text IN " + list);
            if (found)
                for (const auto &r : *found)
                    issue(QStringLiteral("refused left a trace"),
                          QStringLiteral("central %1 holds %2, whose request was refused")
                              .arg(QString::fromLatin1(table), r.value(0)));
        }
        for (int c = 0; c < 2; ++c)
            for (const QString &id : std::as_const(m_refusedIds))
                if (!made.contains(id))
                    for (const QString &route : {QStringLiteral("/raw_data_files/%1"),
                                                 QStringLiteral("/raw_data_package/%1"),
                                                 QStringLiteral("/staging/status/%1")})
                        if (const int s = m_consoles[c]->http().get(route.arg(id)).status; s != 404)
                            issue(QStringLiteral("refused left a trace"),
                                  QStringLiteral("console %1: GET %2 answered %3 for a refused id")
                                      .arg(c)
                                      .arg(route.arg(id))
                                      .arg(s));
    }

    // ---- state ------------------------------------------------------------------------
    quint64 m_seed;
    int m_ops;
    bool m_verbose;
    std::mt19937_64 m_rng;
    int m_step = 0;
    QTemporaryDir m_dir;
    std::unique_ptr<Central> m_central;
    std::unique_ptr<Console> m_consoles[2];
    QString m_buffers[2], m_tokens[2];
    bool m_armedNow[2] = {false, false};
    bool m_centralUp = true;
    int m_centralDownFor = 0;
    qint64 m_baseMicros = 0;

    QMap<QString, Obs> m_obs;
    QStringList m_obsOrder;
    QMap<QString, File> m_files;
    QMap<QString, Package> m_packages;
    QMap<QString, Job> m_jobs;
    QStringList m_jobOrder;
    QMap<QString, Tx> m_txs;
    QSet<QString> m_refusedIds;
    QSet<QString> m_poisonedPackages[2];
    QSet<QString> m_seenBy[2];
    QHash<QString, Seen> m_seen[2];
    QSet<QString> m_reportedDead;

    int m_accepted = 0, m_refused = 0, m_uncertain = 0;
    int m_stops = 0, m_cuts = 0, m_kills = 0, m_armed = 0;
    int m_deadPredicted[2] = {0, 0};
    int m_deadTotal = 0, m_retries = 0, m_discards = 0;
    QStringList m_issues, m_eitherWay;
    QMap<QString, int> m_issueCounts;
    int m_compared = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int seeds = 3;
    int ops = 250;
    quint64 first = 1;
    bool verbose = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        bool ok = true;
        if (a == QLatin1StringView("--seeds") && i + 1 < args.size())
            seeds = args.at(++i).toInt(&ok);
        else if (a == QLatin1StringView("--seed") && i + 1 < args.size())
            first = args.at(++i).toULongLong(&ok);
        else if (a == QLatin1StringView("--ops") && i + 1 < args.size())
            ops = args.at(++i).toInt(&ok);
        else if (a == QLatin1StringView("--verbose"))
            verbose = true;
        else
            ok = false;
        if (!ok || seeds < 1 || ops < 1) {
            std::fprintf(stderr,
                         "usage: tst_nightsim [--seeds N] [--seed S] [--ops N] [--verbose]\n");
            return 2;
        }
    }
    QStringList failed;
    for (int n = 0; n < seeds; ++n) {
        Night night(first + quint64(n), ops, verbose);
        if (!night.run())
            failed << QString::number(first + quint64(n));
    }
    if (!failed.isEmpty()) {
        std::printf("FAILED seeds: %s (rerun one with --seeds 1 --seed S --verbose)\n",
                    qPrintable(failed.join(QLatin1StringView(", "))));
        return 1;
    }
    std::printf("all %d nights passed\n", seeds);
    return 0;
}
