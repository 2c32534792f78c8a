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
}

Result<DemoNight> fillDemoNight(Buffer &buffer, const SiteSettings &site, const QTimeZone &zone,
                                qint64 nowMicros)
{
    // The latest night whose dark hours (20:00 to 06:00 site time) are over: the same whole
    // night whatever the hour the demo starts (the seed below makes it the same rows too), so
    // what the README says of it holds at 03:00 as at 15:00.
    const auto duskOf = [&zone](QDate night) {
        return timestamps::nightWindow(night, zone).startMicros + 8 * 60 * kMinute; // 20:00
    };
    constexpr qint64 kDarkHours = 10 * 60 * kMinute;
    DemoNight demo;
    demo.night = timestamps::nightOf(nowMicros, zone);
    while (duskOf(demo.night) + kDarkHours + 30 * kMinute > nowMicros)
        demo.night = demo.night.addDays(-1);
    const qint64 dusk = duskOf(demo.night);
    const qint64 dawn = dusk + kDarkHours;
    QRandomGenerator random(20261127);
    const QStringList modules{QStringLiteral("primecam-280"), QStringLiteral("primecam-350"),
                              QStringLiteral("chai-lfa"), QStringLiteral("chai-hfa")};
    const QStringList destinations{QStringLiteral("ramses-processing"),
                                   QStringLiteral("cologne-quicklook")};
    const QStringList transferStates{QStringLiteral("archived"), QStringLiteral("archived"),
                                     QStringLiteral("transferring"), QStringLiteral("waiting"),
                                     QStringLiteral("failed")};
    const QStringList jobStates{QStringLiteral("completed"), QStringLiteral("in_progress"),
                                QStringLiteral("scheduled"), QStringLiteral("pending"),
                                QStringLiteral("failed")};

    QStringList packages;
    QString lastObservation, lastEnd;
    const Status written = buffer.write([&]() -> Status {
        QSqlDatabase db = buffer.database();
        qint64 seq = 0;
        // Written as rows central already holds, as a pull would bring them.
        const auto asCentral = [&](QLatin1StringView table, const QJsonObject &row) {
            return LocalApplier::writeCentralRow(db, QString(table), row, ++seq);
        };
        qint64 start = dusk;
        int index = 0;
        while (start < dawn) {
            const QString module = modules[index % modules.size()];
            const qint64 length = (1 + random.bounded(4)) * kMinute;
            const QString obs = uuids::generate();
            const int roll = static_cast<int>(random.bounded(100));
            const QString status = roll < 88   ? QStringLiteral("completed")
                                   : roll < 95 ? QStringLiteral("aborted")
                                               : QStringLiteral("failed");
            const QString startText = timestamps::format(start),
                          endText = timestamps::format(start + length);
            if (auto ran = asCentral(
                    schema::kObservation,
                    {{QStringLiteral("id"), obs},
                     {QStringLiteral("obs_unit_id"), 2000 + index / 2},
                     {QStringLiteral("site"), site.site},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("start_time"), startText},
                     {QStringLiteral("end_time"), endText},
                     {QStringLiteral("obs_info"),
                      QJsonObject{{QStringLiteral("instrument_module"), module},
                                  {QStringLiteral("mode"),
                                   index % 3 ? QStringLiteral("otf") : QStringLiteral("raster")}}},
                     {QStringLiteral("mean_pwv"), 0.3 + random.bounded(60) / 100.0},
                     {QStringLiteral("mean_elevation"), 30 + random.bounded(55)},
                     {QStringLiteral("operator"), module.startsWith(QLatin1StringView("chai"))
                                                      ? QStringLiteral("chai-daq")
                                                      : QStringLiteral("primecam-daq")},
                     {QStringLiteral("created_at"), startText},
                     {QStringLiteral("updated_at"), endText}});
                !ran)
                return ran;
            const QString package = uuids::generate();
            const int fileCount = 60 + static_cast<int>(random.bounded(120));
            qint64 total = 0;
            for (int f = 0; f < fileCount; ++f) {
                const qint64 size = 20000000 + random.bounded(40000000);
                total += size;
                const QString path = QStringLiteral("%1/%2/scan%3/det%4.fits")
                                         .arg(module, demo.night.toString(Qt::ISODate))
                                         .arg(index)
                                         .arg(f, 4, 10, QLatin1Char('0'));
                if (auto ran = asCentral(
                        schema::kFile,
                        {{QStringLiteral("id"), uuids::generate()},
                         {QStringLiteral("executed_obs_unit_id"), obs},
                         {QStringLiteral("instrument_module"), module},
                         {QStringLiteral("relative_path"), path},
                         {QStringLiteral("size_bytes"), size},
                         {QStringLiteral("checksum"),
                          QString::fromLatin1(
                              QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256)
                                  .toHex())},
                         {QStringLiteral("checksum_algorithm"), QStringLiteral("sha256")},
                         {QStringLiteral("file_type"), QStringLiteral("fits")},
                         {QStringLiteral("raw_data_package_id"), package},
                         {QStringLiteral("created_at"), endText},
                         {QStringLiteral("updated_at"), endText}});
                    !ran)
                    return ran;
                ++demo.files;
            }
            if (auto ran = asCentral(
                    schema::kPackage,
                    {{QStringLiteral("id"), package},
                     {QStringLiteral("name"), QStringLiteral("%1-%2-scan%3")
                                                  .arg(demo.night.toString(Qt::ISODate), module)
                                                  .arg(index)},
                     {QStringLiteral("executed_obs_unit_id"), obs},
                     {QStringLiteral("instrument_module"), module},
                     {QStringLiteral("status"), QStringLiteral("complete")},
                     {QStringLiteral("transfer_state"),
                      transferStates[static_cast<int>(random.bounded(transferStates.size()))]},
                     {QStringLiteral("total_size_bytes"), total},
                     {QStringLiteral("file_count"), fileCount},
                     {QStringLiteral("finalized_at"), endText},
                     {QStringLiteral("created_at"), endText},
                     {QStringLiteral("updated_at"), endText}});
                !ran)
                return ran;
            packages << package;
            if (index % 25 == 0) {
                const QString job = uuids::generate();
                if (auto ran = asCentral(
                        schema::kStagingJob,
                        {{QStringLiteral("id"), job},
                         {QStringLiteral("destination"), destinations[index % 2]},
                         {QStringLiteral("status"), jobStates[(index / 25) % jobStates.size()]},
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
            lastObservation = obs;
            lastEnd = endText;
            start += length + random.bounded(2) * kMinute;
            ++index;
        }
        demo.observations = index;
        return success();
    });
    if (!written)
        return written.error();

    // The last stretch is still in the buffer: a running observation with its files, a cancel,
    // and one finish that central refused (someone had aborted that observation there).
    // At the demo's "now", which is the system clock's except in tests.
    const ManualClock clock(nowMicros);
    Operations ops(buffer, site, clock);
    const auto running = ops.startObservation(
        {{QStringLiteral("obs_unit_id"), 2999},
         {QStringLiteral("start_time"), timestamps::format(dawn + 10 * kMinute)},
         {QStringLiteral("obs_info"),
          QJsonObject{{QStringLiteral("instrument_module"), modules[0]}}}},
        QStringLiteral("primecam-daq"));
    if (!running)
        return running.error();
    QJsonArray files;
    for (int f = 0; f < 40; ++f)
        files.append(
            QJsonObject{{QStringLiteral("executed_obs_unit_id"), running->id},
                        {QStringLiteral("instrument_module"), modules[0]},
                        {QStringLiteral("relative_path"),
                         QStringLiteral("live/det%1.fits").arg(f, 4, 10, QLatin1Char('0'))},
                        {QStringLiteral("size_bytes"), 30000000 + f},
                        {QStringLiteral("checksum"), QString(64, QLatin1Char('c'))}});
    if (auto registered = ops.registerFiles(files, QStringLiteral("primecam-daq")); !registered)
        return registered.error();
    demo.files += 40;
    ++demo.observations;
    // The console last saw the night's final observation still running; it finishes it, but
    // central had it aborted meanwhile: that finish is the dead letter.
    {
        const Status believed = buffer.write([&]() -> Status {
            QSqlQuery q(buffer.database());
            q.prepare(QStringLiteral(
                "UPDATE executed_obs_unit SET status = 'running', end_time = NULL WHERE id = ?"));
            q.addBindValue(lastObservation);
            return q.exec() ? success() : unavailable(QStringLiteral("demo"));
        });
        if (!believed)
            return believed.error();
    }
    struct
    {
        QString id;
    } refusedRecord{lastObservation};
    const auto *refused = &refusedRecord;
    // Finished at the end it had, not at the demo's "now" (N6: its bar then covered 2999's).
    auto finish = ops.finishObservation(refused->id,
                                        {{QStringLiteral("status"), QStringLiteral("completed")},
                                         {QStringLiteral("end_time"), lastEnd}},
                                        QStringLiteral("night-operator"));
    if (!finish)
        return finish.error();
    Outbox outbox(buffer, clock);
    const auto entry = outbox.find(finish->transactionId);
    if (entry) {
        if (auto dead = outbox.deadLetter(
                entry->seq, QStringLiteral("executed_obs_unit %1 has status = aborted in central; "
                                           "this change needs status to be running")
                                .arg(refused->id));
            !dead)
            return dead.error();
    }
    // Central's own row of that observation says aborted, as the next pull brings it: the base
    // under the refused finish, so that discarding the finish leaves it aborted, not running.
    if (auto based = buffer.write([&]() -> Status {
            QSqlDatabase db = buffer.database();
            QSqlQuery read(db);
            read.prepare(QStringLiteral("SELECT row FROM central_row WHERE table_name = ? AND "
                                        "record_id = ?"));
            read.addBindValue(QString(schema::kObservation));
            read.addBindValue(refused->id);
            if (!read.exec() || !read.next())
                return unavailable(QStringLiteral("demo: central's row of %1").arg(refused->id));
            QJsonObject row = QJsonDocument::fromJson(read.value(0).toByteArray()).object();
            read.finish();
            row.insert(QStringLiteral("status"), QStringLiteral("aborted"));
            row.insert(QStringLiteral("end_time"), lastEnd);
            row.insert(QStringLiteral("updated_at"), lastEnd);
            QSqlQuery write(db);
            write.prepare(QStringLiteral("UPDATE central_row SET row = ? WHERE table_name = ? AND "
                                         "record_id = ?"));
            write.addBindValue(
                QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact)));
            write.addBindValue(QString(schema::kObservation));
            write.addBindValue(refused->id);
            if (!write.exec())
                return unavailable(QStringLiteral("demo: central's row of %1").arg(refused->id));
            return Outbox::rebuild(db, {refused->id});
        });
        !based)
        return based.error();

    // The backlog plot's last 24 hours: a quiet link with one outage, during which the backlog
    // climbed and then drained, ending in what the status bar says now (the buffered stretch
    // above and the dead letter), never in an outage the status bar does not show.
    const BufferCounts counts = MergedReader(buffer.database()).counts();
    if (auto sampled = buffer.write([&]() -> Status {
            QSqlQuery sample(buffer.database());
            sample.prepare(QStringLiteral("INSERT OR REPLACE INTO backlog_sample (at, pending, "
                                          "failed, oldest_age_s) VALUES (?, ?, ?, ?)"));
            const qint64 outageStart = nowMicros - 14 * 60 * kMinute,
                         outageEnd = outageStart + 150 * kMinute;
            const auto add = [&](qint64 t, qint64 pending, qint64 failed, double age) {
                sample.bindValue(0, timestamps::format(t));
                sample.bindValue(1, pending);
                sample.bindValue(2, failed);
                sample.bindValue(3, age);
                return sample.exec();
            };
            for (qint64 t = nowMicros - 24 * 60 * kMinute; t < nowMicros; t += 5 * kMinute) {
                const bool down = t >= outageStart && t < outageEnd;
                const qint64 sinceDown = (t - outageStart) / kMinute;
                const qint64 drainLeft = std::max<qint64>(0, 40 - (t - outageEnd) / kMinute);
                const qint64 pending = down ? 3 + sinceDown * 2
                                            : (t >= outageEnd && drainLeft > 0
                                                   ? drainLeft * 7
                                                   : static_cast<qint64>(random.bounded(3)));
                if (!add(t, pending, 0, down ? sinceDown * 60.0 : pending > 0 ? 30.0 : 0.0))
                    return unavailable(QStringLiteral("demo: backlog samples"));
            }
            const qint64 oldest = timestamps::parse(counts.oldestPendingAt).value_or(nowMicros);
            if (!add(nowMicros, counts.pending, counts.failed,
                     std::max<qint64>(0, nowMicros - oldest) / 1e6))
                return unavailable(QStringLiteral("demo: backlog samples"));
            return success();
        });
        !sampled)
        return sampled.error();
    return demo;
}

} // namespace ops
