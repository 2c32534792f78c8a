// Takes the README's screenshots of the real console on real data: a simulated night written
// through the console's own operations, synced to a real central PostgreSQL (scripts/pg.sh),
// where the "data-transfer system" then moves packages and staging jobs along, and one change the
// console made offline is refused by central. Run through scripts/screenshots.sh (under xvfb-run):
// `screenshots OUT [day|night]` takes every view in that theme (the PDF report, printed on white
// paper, only with day).
#include "../mustsucceed.h"
#include "buffer.h"
#include "centralschema.h"
#include "demonight.h"
#include "mainwindow.h"
#include "mergedreader.h"
#include "nightreport.h"
#include "operations.h"
#include "pgconnection.h"
#include "recordtablemodel.h"
#include "recordview.h"
#include "schema.h"
#include "settingsdialog.h"
#include "syncengine.h"
#include "timestamps.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QTranslator>
#include <QUuid>

#include <cstdio>

using namespace ops;
using testsupport::mustSucceed;

namespace {

void wait(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

int pending(Buffer &buffer)
{
    QSqlQuery q(buffer.database());
    q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'pending'"));
    return q.next() ? q.value(0).toInt() : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("opsconsole-screenshots"));
    const QString out = app.arguments().value(1, QStringLiteral("docs/screenshots"));
    const QString theme = app.arguments().value(2, QStringLiteral("day"));
    QDir().mkpath(out);
    // English with its plural forms, as the console installs it.
    QTranslator english;
    if (english.load(QStringLiteral(TRANSLATIONS_DIR "/opsconsole_en.qm")))
        QCoreApplication::installTranslator(&english);
    SettingsDialog::applyTheme(theme);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("buffer.sqlite"));
    Buffer buffer;
    mustSucceed(buffer.open(path, Buffer::Role::Owner), "opening the buffer");
    const SiteSettings site{QStringLiteral("ccat"), 53687091200};
    Operations ops(buffer, site);
    const QTimeZone zone(QByteArrayLiteral("America/Santiago"));
    const QDate night = timestamps::nightOf(Clock::system().nowMicros(), zone);
    const qint64 dusk =
        timestamps::nightWindow(night, zone).startMicros + 8LL * 3600 * 1000000; // 20:00 local

    // The night: observations with several modules, files, packages, staging.
    const QStringList modules{QStringLiteral("primecam-280"), QStringLiteral("chai-lfa"),
                              QStringLiteral("chai-hfa")};
    QStringList packages, observations;
    for (int i = 0; i < 9; ++i) {
        const qint64 start = dusk + i * 40LL * 60 * 1000000;
        const QString module = modules[i % 3];
        const QString obs =
            mustSucceed(
                ops.startObservation(
                    {{QStringLiteral("obs_unit_id"), 4100 + i},
                     {QStringLiteral("start_time"), timestamps::format(start)},
                     {QStringLiteral("obs_info"),
                      QJsonObject{{QStringLiteral("mode"),
                                   i % 2 ? QStringLiteral("otf") : QStringLiteral("raster")}}}},
                    i % 2 ? QStringLiteral("primecam-daq") : QStringLiteral("chai-daq")),
                "a start")
                .id;
        observations << obs;
        QJsonArray files;
        for (int f = 0; f < 60 + 20 * i; ++f)
            files.append(QJsonObject{
                {QStringLiteral("executed_obs_unit_id"), obs},
                {QStringLiteral("instrument_module"), module},
                {QStringLiteral("relative_path"), QStringLiteral("%1/scan%2/det%3.fits")
                                                      .arg(module)
                                                      .arg(i)
                                                      .arg(f, 4, 10, QLatin1Char('0'))},
                {QStringLiteral("size_bytes"), 80000000LL + f * 104729LL},
                {QStringLiteral("checksum"),
                 QString::fromLatin1(QCryptographicHash::hash(QByteArray::number(i * 1000 + f),
                                                              QCryptographicHash::Sha256)
                                         .toHex())}});
        const QStringList ids =
            mustSucceed(ops.registerFiles(files, QStringLiteral("daq")), "files")
                .ids.toStringList();
        if (i < 8) {
            const QString status = i == 3   ? QStringLiteral("failed")
                                   : i == 5 ? QStringLiteral("aborted")
                                            : QStringLiteral("completed");
            mustSucceed(ops.finishObservation(obs,
                                              {{QStringLiteral("status"), status},
                                               {QStringLiteral("end_time"),
                                                timestamps::format(start + 35LL * 60 * 1000000)},
                                               {QStringLiteral("mean_pwv"), 0.4 + i * 0.05},
                                               {QStringLiteral("mean_elevation"), 40 + i * 3}},
                                              QStringLiteral("daq")),
                        "a finish");
            const QString pkg =
                mustSucceed(
                    ops.createPackage(
                        {{QStringLiteral("name"), QStringLiteral("%1-%2-scan%3")
                                                      .arg(night.toString(Qt::ISODate), module)
                                                      .arg(i)},
                         {QStringLiteral("executed_obs_unit_id"), obs},
                         {QStringLiteral("instrument_module"), module},
                         {QStringLiteral("file_ids"), QJsonArray::fromStringList(ids)}},
                        QStringLiteral("daq")),
                    "a package")
                    .id;
            if (i < 7)
                mustSucceed(ops.finalizePackage(pkg, QStringLiteral("daq")), "a finalize");
            packages << pkg;
        }
    }
    QStringList jobs;
    for (int j = 0; j < 4; ++j)
        jobs << mustSucceed(
                    ops.requestStaging(
                        {{QStringLiteral("raw_data_package_ids"), QJsonArray{packages[j]}},
                         {QStringLiteral("destination"), QStringLiteral("ramses-processing")},
                         {QStringLiteral("reason"), QStringLiteral("quick-look reduction")}},
                        QStringLiteral("pipeline")),
                    "a staging request")
                    .id;

    // Central: sync, then the data-transfer system moves things along.
    const QString base = QString::fromLocal8Bit(qgetenv("OPSCONSOLE_TEST_CENTRAL"));
    auto sync = std::make_shared<SyncStatus>();
    QThread syncThread;
    SyncEngine *engine = nullptr;
    if (!base.isEmpty()) {
        const QString name =
            QStringLiteral("shots_") + QUuid::createUuid().toString(QUuid::Id128).left(10);
        PgConnection admin;
        mustSucceed(admin.connect(base), admin, "connecting to PostgreSQL");
        mustSucceed(admin.exec("CREATE DATABASE " + name.toLatin1()), admin, "CREATE DATABASE");
        const QString central = base + QStringLiteral(" dbname=") + name;
        SyncEngine::Settings settings;
        settings.bufferPath = path;
        settings.central = central;
        settings.migrate = true;
        engine = new SyncEngine(settings, sync);
        engine->moveToThread(&syncThread);
        syncThread.start();
        QMetaObject::invokeMethod(engine, &SyncEngine::start);
        for (int i = 0; i < 300 && pending(buffer) != 0; ++i)
            wait(100);
        PgConnection pg;
        mustSucceed(pg.connect(central), pg, "connecting to central");
        // What the data-transfer system and the scheduler would have done meanwhile. The ids
        // are bound, never spliced into the SQL; RETURNING makes each a query with rows.
        const auto set = [&pg](const char *update, const QStringList &ids) {
            mustSucceed(pg.query(QByteArray(update) + " WHERE id = ANY($1::uuid[]) RETURNING id",
                                 {"{" + ids.join(QLatin1Char(',')).toLatin1() + "}"})
                            .has_value(),
                        pg, update);
        };
        set("UPDATE opsdb.raw_data_package SET transfer_state = 'archived'", packages.mid(0, 2));
        set("UPDATE opsdb.raw_data_package SET transfer_state = 'transferring'",
            packages.mid(2, 2));
        set("UPDATE opsdb.raw_data_package SET transfer_state = 'waiting'", packages.mid(4, 2));
        set("UPDATE opsdb.raw_data_package SET transfer_state = 'failed'", packages.mid(6, 1));
        set("UPDATE opsdb.staging_job SET status = 'completed'", jobs.mid(0, 1));
        set("UPDATE opsdb.staging_job SET status = 'in_progress'", jobs.mid(1, 1));
        set("UPDATE opsdb.staging_job SET status = 'scheduled'", jobs.mid(2, 1));
        // Someone aborts the running observation in central; the console, not knowing yet,
        // finishes it as completed: central refuses that, and it is dead-lettered.
        set("UPDATE opsdb.executed_obs_unit SET status = 'aborted', end_time = start_time + "
            "interval '12 minutes'",
            observations.mid(observations.size() - 1));
        mustSucceed(
            ops.finishObservation(observations.last(), {}, QStringLiteral("night-operator")),
            "the finish central refuses");
        for (int i = 0; i < 100; ++i)
            wait(100);
    }
    // Work acknowledged after that is still waiting for central in the pictures.
    mustSucceed(
        ops.startObservation({{QStringLiteral("obs_unit_id"), 4200}}, QStringLiteral("chai-daq")),
        "a waiting start");
    mustSucceed(ops.cancelStaging(jobs[3], QStringLiteral("wrong destination"),
                                  QStringLiteral("night-operator"), true),
                "a waiting cancel");

    DeskSettings desk;
    desk.bufferPath = path;
    desk.site = site;
    desk.operatorName = QStringLiteral("night-operator");
    desk.sync = sync;
    desk.configFile = dir.filePath(QStringLiteral("opsconsole.ini"));
    MainWindow window(desk);
    window.resize(1400, 820);
    window.show();
    wait(2500);
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
    const auto nightLog = window.findChild<RecordView *>(QStringLiteral("nightLog"));
    nightLog->selectId(observations[2]);
    const QStringList names{QStringLiteral("night-log"), QStringLiteral("files"),
                            QStringLiteral("packages"),  QStringLiteral("staging"),
                            QStringLiteral("sync"),      QStringLiteral("audit"),
                            QStringLiteral("events")};
    for (int i = 0; i < tabs->count() && i < names.size(); ++i) {
        tabs->setCurrentIndex(i);
        wait(800);
        const QString file = out + QLatin1Char('/') + names[i] + QStringLiteral(".png");
        window.grab().save(file);
        std::printf("%s\n", qPrintable(file));
    }
    if (theme == QLatin1StringView("day")) {
        const QJsonArray log =
            MergedReader(buffer.database())
                .nightLog(timestamps::nightWindow(night, zone), QString(), 10000, 0);
        const QString report = out + QStringLiteral("/report.pdf");
        writeNightPdf(report, night, log, site.site, zone, Clock::system().nowMicros());
        std::printf("%s\n", qPrintable(report));
    }
    // The demo night (opsconsole --demo): a full night on the timeline, and a day of backlog.
    {
        const QString demoPath = dir.filePath(QStringLiteral("demo.sqlite"));
        Buffer demoBuffer;
        mustSucceed(demoBuffer.open(demoPath, Buffer::Role::Owner), "opening the demo buffer");
        const auto demo = fillDemoNight(demoBuffer, site, zone, Clock::system().nowMicros());
        DeskSettings demoDesk = desk;
        demoDesk.bufferPath = demoPath;
        demoDesk.sync = std::make_shared<SyncStatus>();
        demoDesk.initialNight = demo ? demo->night : QDate();
        MainWindow demoWindow(demoDesk);
        demoWindow.resize(1400, 820);
        demoWindow.show();
        wait(3000);
        auto *demoTabs = demoWindow.findChild<QTabWidget *>(QStringLiteral("tabs"));
        for (const auto &[index, name] :
             {std::pair{0, "demo-timeline"}, std::pair{4, "demo-backlog"}}) {
            demoTabs->setCurrentIndex(index);
            wait(1000);
            const QString file =
                out + QLatin1Char('/') + QString::fromLatin1(name) + QStringLiteral(".png");
            demoWindow.grab().save(file);
            std::printf("%s\n", qPrintable(file));
        }
    }
    if (engine) {
        QMetaObject::invokeMethod(
            engine, [engine] { delete engine; }, Qt::BlockingQueuedConnection);
        syncThread.quit();
        syncThread.wait();
    }
    return 0;
}
