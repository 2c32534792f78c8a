#include "demonight.h"

#include "localapplier.h"
#include "outbox.h"
#include "schema.h"
#include "timestamps.h"
#include "uuids.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace ops {

namespace {
constexpr qint64 kMinute = 60LL * 1000000;
}

Result<DemoNight> fillDemoNight(Buffer &buffer, const SiteSettings &site, const QTimeZone &zone,
                                qint64 nowMicros)
{
    // The night whose dark hours are the latest ones: tonight if it is already dark, else last
    // night.
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(nowMicros / 1000, zone);
    const bool dark = local.time().hour() >= 20 || local.time().hour() < 7;
    DemoNight demo;
    demo.night = timestamps::nightOf(nowMicros, zone);
    if (!dark && local.time().hour() >= 12)
        demo.night = demo.night.addDays(-1);
    const qint64 dusk =
        timestamps::nightWindow(demo.night, zone).startMicros + 8 * 60 * kMinute; // 20:00
    const qint64 dawn = std::min(dusk + 10 * 60 * kMinute, nowMicros - 20 * kMinute);
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
    QString lastObservation;
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
            start += length + random.bounded(2) * kMinute;
            ++index;
        }
        demo.observations = index;
        // The backlog plot's last 24 hours: a quiet link with one outage in the small hours,
        // during which the backlog climbed and then drained.
        QSqlQuery sample(db);
        sample.prepare(QStringLiteral("INSERT OR REPLACE INTO backlog_sample (at, pending, failed, "
                                      "oldest_age_s) VALUES (?, ?, 0, ?)"));
        const qint64 outageStart = dusk + 6 * 60 * kMinute, outageEnd = outageStart + 150 * kMinute;
        for (qint64 t = nowMicros - 24 * 60 * kMinute; t <= nowMicros; t += 5 * kMinute) {
            const bool down = t >= outageStart && t < outageEnd;
            const qint64 sinceDown = (t - outageStart) / kMinute;
            const qint64 drainLeft = std::max<qint64>(0, 40 - (t - outageEnd) / kMinute);
            const qint64 pending =
                down ? 3 + sinceDown * 2
                     : (t >= outageEnd ? drainLeft * 7 : static_cast<qint64>(random.bounded(3)));
            sample.bindValue(0, timestamps::format(t));
            sample.bindValue(1, pending);
            sample.bindValue(2, down ? sinceDown * 60.0 : pending > 0 ? 30.0 : 0.0);
            if (!sample.exec())
                return unavailable(QStringLiteral("demo: backlog samples"));
        }
        return success();
    });
    if (!written)
        return written.error();

    // The last stretch is still in the buffer: a running observation with its files, a cancel,
    // and one finish that central refused (someone had aborted that observation there).
    Operations ops(buffer, site);
    const auto running = ops.startObservation(
        {{QStringLiteral("obs_unit_id"), 2999},
         {QStringLiteral("start_time"),
          timestamps::format(dark ? nowMicros - 15 * kMinute : dawn + 2 * kMinute)},
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
    auto finish = ops.finishObservation(refused->id,
                                        {{QStringLiteral("status"), QStringLiteral("completed")}},
                                        QStringLiteral("night-operator"));
    if (!finish)
        return finish.error();
    Outbox outbox(buffer);
    const auto entry = outbox.find(finish->transactionId);
    if (entry) {
        if (auto dead = outbox.deadLetter(
                entry->seq, QStringLiteral("executed_obs_unit %1 has status = aborted in central; "
                                           "this change needs status to be running")
                                .arg(refused->id));
            !dead)
            return dead.error();
    }
    return demo;
}

} // namespace ops
