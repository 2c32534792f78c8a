#include "demonight.h"

#include "clock.h"
#include "localapplier.h"
#include "mergedreader.h"
#include "outbox.h"
#include "schema.h"
#include "timestamps.h"
#include "uuids.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace ops {

namespace {
constexpr qint64 kMinute = 60LL * 1000000;
constexpr qint64 kDarkHours = 10 * 60 * kMinute;

const QStringList kModules{QStringLiteral("primecam-280"), QStringLiteral("primecam-350"),
                           QStringLiteral("chai-lfa"), QStringLiteral("chai-hfa")};
const QStringList kDestinations{QStringLiteral("ramses-processing"),
                                QStringLiteral("cologne-quicklook")};
const QStringList kTransferStates{QStringLiteral("archived"), QStringLiteral("archived"),
                                  QStringLiteral("transferring"), QStringLiteral("waiting"),
                                  QStringLiteral("failed")};
const QStringList kJobStates{QStringLiteral("completed"), QStringLiteral("in_progress"),
                             QStringLiteral("scheduled"), QStringLiteral("pending"),
                             QStringLiteral("failed")};

/// Writes the demonstration night in its four parts, in this order (one seeded random sequence
/// runs through them, so the same night has the same rows).
class DemoNightWriter
{
public:
    DemoNightWriter(Buffer &buffer, const SiteSettings &site, const QTimeZone &zone,
                    qint64 nowMicros)
        : m_buffer(buffer), m_site(site), m_zone(zone), m_now(nowMicros)
    {}

    Result<DemoNight> write()
    {
        chooseNight();
        if (auto written = writeCentralNight(); !written)
            return written.error();
        if (auto buffered = bufferLastStretch(); !buffered)
            return buffered.error();
        if (auto sampled = writeBacklogHistory(); !sampled)
            return sampled.error();
        return m_demo;
    }

private:
    Buffer &m_buffer;
    const SiteSettings &m_site;
    const QTimeZone &m_zone;
    const qint64 m_now;
    QRandomGenerator m_random{20261127};
    DemoNight m_demo;
    qint64 m_dusk = 0;
    qint64 m_dawn = 0;
    QString m_lastObservation; ///< the night's final observation, and when it ended
    QString m_lastEnd;

    /// The latest night whose dark hours (20:00 to 06:00 site time) are over: the same whole
    /// night whatever the hour the demo starts, so what the README says of it holds at 03:00 as
    /// at 15:00.
    void chooseNight()
    {
        const auto duskOf = [this](QDate night) {
            return timestamps::nightWindow(night, m_zone).startMicros + 8 * 60 * kMinute; // 20:00
        };
        m_demo.night = timestamps::nightOf(m_now, m_zone);
        while (duskOf(m_demo.night) + kDarkHours + 30 * kMinute > m_now)
            m_demo.night = m_demo.night.addDays(-1);
        m_dusk = duskOf(m_demo.night);
        m_dawn = m_dusk + kDarkHours;
    }

    /// The night up to dawn, as rows central already holds (as a pull would bring them):
    /// observations one after another, each with its files and package, a staging job now and
    /// then.
    Status writeCentralNight()
    {
        return m_buffer.write([&]() -> Status {
            QSqlDatabase db = m_buffer.database();
            qint64 seq = 0;
            const auto asCentral = [&](QLatin1StringView table, const QJsonObject &row) {
                return LocalApplier::writeCentralRow(db, QString(table), row, ++seq);
            };
            qint64 start = m_dusk;
            int index = 0;
            while (start < m_dawn) {
                const qint64 length = (1 + m_random.bounded(4)) * kMinute;
                if (auto ran = writeObservation(asCentral, index, start, length); !ran)
                    return ran;
                start += length + m_random.bounded(2) * kMinute;
                ++index;
            }
            m_demo.observations = index;
            return success();
        });
    }

    /// One observation of the night with everything that came of it.
    template <typename AsCentral>
    Status writeObservation(const AsCentral &asCentral, int index, qint64 start, qint64 length)
    {
        const QString module = kModules[index % kModules.size()];
        const QString obs = uuids::generate();
        const int roll = static_cast<int>(m_random.bounded(100));
        const QString status = roll < 88   ? QStringLiteral("completed")
                               : roll < 95 ? QStringLiteral("aborted")
                                           : QStringLiteral("failed");
        const QString startText = timestamps::format(start),
                      endText = timestamps::format(start + length);
        if (auto ran = asCentral(
                schema::kObservation,
                {{QStringLiteral("id"), obs},
                 {QStringLiteral("obs_unit_id"), 2000 + index / 2},
                 {QStringLiteral("site"), m_site.site},
                 {QStringLiteral("status"), status},
                 {QStringLiteral("start_time"), startText},
                 {QStringLiteral("end_time"), endText},
                 {QStringLiteral("obs_info"),
                  QJsonObject{{QStringLiteral("instrument_module"), module},
                              {QStringLiteral("mode"),
                               index % 3 ? QStringLiteral("otf") : QStringLiteral("raster")}}},
                 {QStringLiteral("mean_pwv"), 0.3 + m_random.bounded(60) / 100.0},
                 {QStringLiteral("mean_elevation"), 30 + m_random.bounded(55)},
                 {QStringLiteral("operator"), module.startsWith(QLatin1StringView("chai"))
                                                  ? QStringLiteral("chai-daq")
                                                  : QStringLiteral("primecam-daq")},
                 {QStringLiteral("created_at"), startText},
                 {QStringLiteral("updated_at"), endText}});
            !ran)
            return ran;
        const QString package = uuids::generate();
        const int fileCount = 60 + static_cast<int>(m_random.bounded(120));
        qint64 total = 0;
        for (int f = 0; f < fileCount; ++f) {
            const qint64 size = 20000000 + m_random.bounded(40000000);
            total += size;
            const QString path = QStringLiteral("%1/%2/scan%3/det%4.fits")
                                     .arg(module, m_demo.night.toString(Qt::ISODate))
                                     .arg(index)
                                     .arg(f, 4, 10, QLatin1Char('0'));
            if (auto ran =
                    asCentral(schema::kFile,
                              {{QStringLiteral("id"), uuids::generate()},
                               {QStringLiteral("executed_obs_unit_id"), obs},
                               {QStringLiteral("instrument_module"), module},
                               {QStringLiteral("relative_path"), path},
                               {QStringLiteral("size_bytes"), size},
                               {QStringLiteral("checksum"),
                                QString::fromLatin1(QCryptographicHash::hash(
                                                        path.toUtf8(), QCryptographicHash::Sha256)
                                                        .toHex())},
                               {QStringLiteral("checksum_algorithm"), QStringLiteral("sha256")},
                               {QStringLiteral("file_type"), QStringLiteral("fits")},
                               {QStringLiteral("raw_data_package_id"), package},
                               {QStringLiteral("created_at"), endText},
                               {QStringLiteral("updated_at"), endText}});
                !ran)
                return ran;
            ++m_demo.files;
        }
        if (auto ran = asCentral(
                schema::kPackage,
                {{QStringLiteral("id"), package},
                 {QStringLiteral("name"), QStringLiteral("%1-%2-scan%3")
                                              .arg(m_demo.night.toString(Qt::ISODate), module)
                                              .arg(index)},
                 {QStringLiteral("executed_obs_unit_id"), obs},
                 {QStringLiteral("instrument_module"), module},
                 {QStringLiteral("status"), QStringLiteral("complete")},
                 {QStringLiteral("transfer_state"),
                  kTransferStates[static_cast<int>(m_random.bounded(kTransferStates.size()))]},
                 {QStringLiteral("total_size_bytes"), total},
                 {QStringLiteral("file_count"), fileCount},
                 {QStringLiteral("finalized_at"), endText},
                 {QStringLiteral("created_at"), endText},
                 {QStringLiteral("updated_at"), endText}});
            !ran)
            return ran;
        if (index % 25 == 0) {
            const QString job = uuids::generate();
            if (auto ran = asCentral(
                    schema::kStagingJob,
                    {{QStringLiteral("id"), job},
                     {QStringLiteral("destination"), kDestinations[index % 2]},
                     {QStringLiteral("status"), kJobStates[(index / 25) % kJobStates.size()]},
                     {QStringLiteral("requested_by"), QStringLiteral("pipeline")},
                     {QStringLiteral("reason"), QStringLiteral("quick-look reduction")},
                     {QStringLiteral("retry_count"), 0},
                     {QStringLiteral("created_at"), endText},
                     {QStringLiteral("updated_at"), endText}});
                !ran)
                return ran;
            if (auto ran = asCentral(schema::kStagingJobPackage,
                                     {{QStringLiteral("staging_job_id"), job},
                                      {QStringLiteral("raw_data_package_id"), package},
                                      {QStringLiteral("created_at"), endText},
                                      {QStringLiteral("updated_at"), endText}});
                !ran)
                return ran;
        }
        m_lastObservation = obs;
        m_lastEnd = endText;
        return success();
    }

    /// The last stretch, still in the buffer: a running observation with its files, and the
    /// night's final observation finished by the console while central had it aborted: that
    /// finish is the dead letter.
    Status bufferLastStretch()
    {
        // At the demo's "now", which is the system clock's except in tests.
        const ManualClock clock(m_now);
        Operations ops(m_buffer, m_site, clock);
        const auto running = ops.startObservation(
            {{QStringLiteral("obs_unit_id"), 2999},
             {QStringLiteral("start_time"), timestamps::format(m_dawn + 10 * kMinute)},
             {QStringLiteral("obs_info"),
              QJsonObject{{QStringLiteral("instrument_module"), kModules[0]}}}},
            QStringLiteral("primecam-daq"));
        if (!running)
            return running.error();
        QJsonArray files;
        for (int f = 0; f < 40; ++f)
            files.append(
                QJsonObject{{QStringLiteral("executed_obs_unit_id"), running->id},
                            {QStringLiteral("instrument_module"), kModules[0]},
                            {QStringLiteral("relative_path"),
                             QStringLiteral("live/det%1.fits").arg(f, 4, 10, QLatin1Char('0'))},
                            {QStringLiteral("size_bytes"), 30000000 + f},
                            {QStringLiteral("checksum"), QString(64, QLatin1Char('c'))}});
        if (auto registered = ops.registerFiles(files, QStringLiteral("primecam-daq")); !registered)
            return registered.error();
        m_demo.files += 40;
        ++m_demo.observations;
        // The console last saw the night's final observation still running; it finishes it, but
        // central had it aborted meanwhile: that finish is the dead letter.
        {
            const Status believed = m_buffer.write([&]() -> Status {
                QSqlQuery q(m_buffer.database());
                q.prepare(QStringLiteral("UPDATE executed_obs_unit SET status = 'running', "
                                         "end_time = NULL WHERE id = ?"));
                q.addBindValue(m_lastObservation);
                return q.exec() ? success() : unavailable(QStringLiteral("demo"));
            });
            if (!believed)
                return believed.error();
        }
        const QString &refused = m_lastObservation;
        // Finished at the end it had, not at the demo's "now" (N6: its bar then covered 2999's).
        auto finish =
            ops.finishObservation(refused,
                                  {{QStringLiteral("status"), QStringLiteral("completed")},
                                   {QStringLiteral("end_time"), m_lastEnd}},
                                  QStringLiteral("night-operator"));
        if (!finish)
            return finish.error();
        Outbox outbox(m_buffer, clock);
        const auto entry = outbox.find(finish->transactionId);
        if (entry) {
            if (auto dead = outbox.deadLetter(
                    entry->seq,
                    QStringLiteral("executed_obs_unit %1 has status = aborted in central; "
                                   "this change needs status to be running")
                        .arg(refused));
                !dead)
                return dead.error();
        }
        // Central's own row of that observation says aborted, as the next pull brings it: the base
        // under the refused finish, so that discarding the finish leaves it aborted, not running.
        if (auto based = m_buffer.write([&]() -> Status {
                QSqlDatabase db = m_buffer.database();
                QSqlQuery read(db);
                read.prepare(QStringLiteral("SELECT row FROM central_row WHERE table_name = ? AND "
                                            "record_id = ?"));
                read.addBindValue(QString(schema::kObservation));
                read.addBindValue(refused);
                if (!read.exec() || !read.next())
                    return unavailable(QStringLiteral("demo: central's row of %1").arg(refused));
                QJsonObject row = QJsonDocument::fromJson(read.value(0).toByteArray()).object();
                read.finish();
                row.insert(QStringLiteral("status"), QStringLiteral("aborted"));
                row.insert(QStringLiteral("end_time"), m_lastEnd);
                row.insert(QStringLiteral("updated_at"), m_lastEnd);
                QSqlQuery write(db);
                write.prepare(
                    QStringLiteral("UPDATE central_row SET row = ? WHERE table_name = ? AND "
                                   "record_id = ?"));
                write.addBindValue(
                    QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact)));
                write.addBindValue(QString(schema::kObservation));
                write.addBindValue(refused);
                if (!write.exec())
                    return unavailable(QStringLiteral("demo: central's row of %1").arg(refused));
                return Outbox::rebuild(db, {refused});
            });
            !based)
            return based.error();
        return success();
    }

    /// The backlog plot's last 24 hours: a quiet link with one outage, during which the
    /// backlog climbed and then drained, ending in what the status bar says now (the buffered
    /// stretch and the dead letter), never in an outage the status bar does not show.
    Status writeBacklogHistory()
    {
        const BufferCounts counts = MergedReader(m_buffer.database()).counts();
        return m_buffer.write([&]() -> Status {
            QSqlQuery sample(m_buffer.database());
            sample.prepare(QStringLiteral("INSERT OR REPLACE INTO backlog_sample (at, pending, "
                                          "failed, oldest_age_s) VALUES (?, ?, ?, ?)"));
            const qint64 outageStart = m_now - 14 * 60 * kMinute,
                         outageEnd = outageStart + 150 * kMinute;
            const auto add = [&](qint64 t, qint64 pending, qint64 failed, double age) {
                sample.bindValue(0, timestamps::format(t));
                sample.bindValue(1, pending);
                sample.bindValue(2, failed);
                sample.bindValue(3, age);
                return sample.exec();
            };
            for (qint64 t = m_now - 24 * 60 * kMinute; t < m_now; t += 5 * kMinute) {
                const bool down = t >= outageStart && t < outageEnd;
                const qint64 sinceDown = (t - outageStart) / kMinute;
                const qint64 drainLeft = std::max<qint64>(0, 40 - (t - outageEnd) / kMinute);
                const qint64 pending = down ? 3 + sinceDown * 2
                                            : (t >= outageEnd && drainLeft > 0
                                                   ? drainLeft * 7
                                                   : static_cast<qint64>(m_random.bounded(3)));
                if (!add(t, pending, 0, down ? sinceDown * 60.0 : pending > 0 ? 30.0 : 0.0))
                    return unavailable(QStringLiteral("demo: backlog samples"));
            }
            const qint64 oldest = timestamps::parse(counts.oldestPendingAt).value_or(m_now);
            if (!add(m_now, counts.pending, counts.failed,
                     std::max<qint64>(0, m_now - oldest) / 1e6))
                return unavailable(QStringLiteral("demo: backlog samples"));
            return success();
        });
    }
};

} // namespace

Result<DemoNight> fillDemoNight(Buffer &buffer, const SiteSettings &site, const QTimeZone &zone,
                                qint64 nowMicros)
{
    return DemoNightWriter(buffer, site, zone, nowMicros).write();
}

} // namespace ops
