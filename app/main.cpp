// opsconsole: wiring only. Parses the configuration, then runs a command, the headless service,
// or the desktop console. All logic lives in core/, models/ and ui/.
#include "automationsimulator.h"
#include "buffer.h"
#include "bufferlock.h"
#include "centralschema.h"
#include "commands.h"
#include "config.h"
#include "demonight.h"
#include "httpapi.h"
#include "integritycheck.h"
#include "logging.h"
#include "mainwindow.h"
#include "memory.h"
#include "pgconnection.h"
#include "settingsdialog.h"
#include "signalwatcher.h"
#include "syncengine.h"
#include "syncstatus.h"
#include "workerthread.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <QGridLayout>
#include <QGuiApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTranslator>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

int usageError(const QString &message)
{
    std::fprintf(stderr, "opsconsole: %s\n", qPrintable(message));
    return 2;
}

/// Started from a desktop icon, nobody reads stderr: with a window to be, a start-up failure also
/// waits in a dialog for the operator. Not on the offscreen or minimal platforms, where nobody
/// could close it and the process must still exit (CONTRACT §4, §6: "a second console ... exits
/// 1").
void showStartupFailure(const QString &message)
{
    const QString platform = QGuiApplication::platformName();
    if (qobject_cast<QApplication *>(QCoreApplication::instance()) &&
        platform != QLatin1StringView("offscreen") && platform != QLatin1StringView("minimal")) {
        QMessageBox box(QMessageBox::Critical,
                        QCoreApplication::translate("opsconsole", "Operations console"),
                        QCoreApplication::translate("opsconsole", "The console cannot start."),
                        QMessageBox::Close);
        box.setObjectName(QStringLiteral("startupFailure"));
        box.setInformativeText(message);
        // Wide enough for its title, which the window manager would otherwise cut (N8).
        if (auto *grid = qobject_cast<QGridLayout *>(box.layout()))
            grid->addItem(
                new QSpacerItem(box.fontMetrics().horizontalAdvance(box.windowTitle()) + 160, 0,
                                QSizePolicy::Minimum, QSizePolicy::Fixed),
                grid->rowCount(), 0, 1, grid->columnCount());
        box.exec();
    }
}

int failure(const QString &message)
{
    std::fprintf(stderr, "opsconsole: %s\n", qPrintable(message));
    showStartupFailure(message);
    return 1;
}

/// English in the sources; German or Spanish by --lang, else by the system locale (LANG), with
/// dates, times and numbers in that locale's format.
void installLanguage(const QString &lang, QCoreApplication &app)
{
    QLocale locale = QLocale::system();
    if (lang == QLatin1StringView("de"))
        locale = QLocale(QLocale::German, QLocale::Germany);
    else if (lang == QLatin1StringView("es"))
        locale = QLocale(QLocale::Spanish, QLocale::Chile);
    else if (lang == QLatin1StringView("en"))
        locale = QLocale(QLocale::English, QLocale::UnitedStates);
    QLocale::setDefault(locale);
    // Any language without a catalogue of its own gets English's, which holds the plural forms
    // ("1 file", "2 files") of the English sources.
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("opsconsole"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")) ||
        own->load(QStringLiteral(":/i18n/opsconsole_en.qm")))
        QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(&app); // Qt's own dialogs and buttons
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

/// The PEM certificate and key of --tls-cert / --tls-key (RSA or EC), or why they cannot be used.
ops::Result<std::pair<QSslCertificate, QSslKey>> loadTls(const QString &certificatePath,
                                                         const QString &keyPath)
{
    QFile certificateFile(certificatePath);
    if (!certificateFile.open(QIODevice::ReadOnly))
        return ops::invalid(QStringLiteral("--tls-cert: cannot read %1").arg(certificatePath));
    const QSslCertificate certificate(&certificateFile, QSsl::Pem);
    if (certificate.isNull())
        return ops::invalid(
            QStringLiteral("--tls-cert: %1 holds no PEM certificate").arg(certificatePath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return ops::invalid(QStringLiteral("--tls-key: cannot read %1").arg(keyPath));
    const QByteArray pem = keyFile.readAll();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        const QSslKey key(pem, algorithm, QSsl::Pem);
        if (!key.isNull())
            return std::pair{certificate, key};
    }
    return ops::invalid(
        QStringLiteral("--tls-key: %1 holds no unencrypted PEM RSA or EC key").arg(keyPath));
}

int runConsole(ops::Config config, QCoreApplication &app)
{
    installLanguage(config.lang, app);
    using namespace ops;
    QDate initialNight; // with --demo, loadConfig chose demo.sqlite and demo.ini
    // One console per buffer, taken before anything touches the file.
    auto lock = BufferLock::acquire(config.bufferPath);
    if (!lock)
        return failure(lock.error().message);
    if (config.demo) {
        // A buffer of its own, made afresh: the demo never touches the real one.
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(config.bufferPath + suffix);
        Buffer demoBuffer;
        if (auto opened = demoBuffer.open(config.bufferPath, Buffer::Role::Owner); !opened)
            return failure(opened.error().message);
        auto demo = fillDemoNight(demoBuffer, SiteSettings{config.site, config.maxPackageBytes},
                                  QTimeZone(config.timezone.toUtf8()), Clock::system().nowMicros());
        if (!demo)
            return failure(QStringLiteral("demo: %1").arg(demo.error().message));
        initialNight = demo->night;
        std::fprintf(stderr, "demo night %s: %d observations, %d files, in %s\n",
                     qPrintable(demo->night.toString(Qt::ISODate)), demo->observations, demo->files,
                     qPrintable(config.bufferPath));
    }
    // The owner connection checks integrity and migrates before any other thread attaches.
    Buffer buffer;
    if (auto opened = buffer.open(config.bufferPath, Buffer::Role::Owner); !opened)
        return failure(opened.error().message);
    if (!buffer.damageReport().isEmpty())
        std::fprintf(stderr, "opsconsole: %s\n", qPrintable(buffer.damageReport()));

    auto syncStatus = std::make_shared<SyncStatus>();
    syncStatus->update([&](SyncStatus::Snapshot &s) {
        s.central = config.central.isEmpty() ? SyncStatus::Central::NotConfigured
                                             : SyncStatus::Central::Disconnected;
        s.state = config.central.isEmpty() ? QStringLiteral("disabled") : QStringLiteral("waiting");
    });

    // The full integrity check (indexes included) in the background.
    IntegrityCheck integrity(config.bufferPath, syncStatus);

    // Watch for SIGTERM/SIGINT before anything announces itself as ready.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::stopRequested, &app, [&](int number) {
        qCInfo(lcApp) << "stopping on signal" << number;
        app.quit();
    });

    // The sync engine: replay to central, pull back, and WAL checkpoints, on a thread of its own.
    WorkerThread syncThread(QStringLiteral("sync"));
    SyncEngine *engine = nullptr;
    syncThread.run([&] {
        SyncEngine::Settings settings;
        settings.bufferPath = config.bufferPath;
        settings.central = config.central;
        settings.site = config.site;
        settings.mainSite = config.isMainSite();
        settings.migrate = config.migrate;
        engine = new SyncEngine(settings, syncStatus);
        engine->start();
    });

    WorkerThread restThread(QStringLiteral("rest"));
    HttpApi *api = nullptr;
    if (config.listen) {
        ApiSettings settings;
        settings.bufferPath = config.bufferPath;
        settings.site = SiteSettings{config.site, config.maxPackageBytes};
        settings.siteType = config.siteType;
        settings.zone = QTimeZone(config.timezone.toUtf8());
        settings.maxBodyBytes = config.maxBodyBytes;
        settings.bufferDamage = buffer.damageReport();
        if (!config.tlsCertificate.isEmpty()) {
            auto tls = loadTls(config.tlsCertificate, config.tlsKey);
            if (!tls)
                return failure(tls.error().message);
            settings.tlsCertificate = tls->first;
            settings.tlsKey = tls->second;
        }
        std::optional<Result<quint16>> port;
        restThread.run([&] {
            api = new HttpApi(settings, syncStatus);
            port = api->start(config.listenAddress, config.listenPort);
        });
        if (!port->ok()) {
            restThread.stop([&] { delete api; });
            syncThread.stop([&] { delete engine; });
            return failure(port->error().message);
        }
        std::printf("listening on %s:%u\n", qPrintable(config.listenAddress.toString()),
                    port->value());
        std::fflush(stdout);
    }

    std::unique_ptr<MainWindow> window;
    if (!config.headless) {
        DeskSettings desk;
        desk.bufferPath = config.bufferPath;
        desk.site = SiteSettings{config.site, config.maxPackageBytes};
        desk.siteType = config.siteType;
        desk.zone = QTimeZone(config.timezone.toUtf8());
        desk.operatorName = qEnvironmentVariable("USER", QStringLiteral("desk"));
        desk.sync = syncStatus;
        desk.configFile = config.settingsFile;
        desk.initialNight = initialNight;
        desk.bufferDamage = buffer.damageReport();
        SettingsDialog::applyTheme(config.theme); // --theme, else the config file's, else day
        SettingsDialog::applyFontPoints(SettingsDialog::fontPoints()); // the size last chosen
        window = std::make_unique<MainWindow>(desk);
        window->show();
    }
    const int status = app.exec();
    window.reset();
    restThread.stop([&] { delete api; });
    syncThread.stop([&] { delete engine; });
    return status;
}

} // namespace

namespace {
/// Headless, nothing needs GLib's main loop (no desktop integration): Qt's own event dispatcher
/// costs ~10 % less CPU per request (measured with bench_buffer (d): 88 against 97 us). Set
/// before the first event loop exists; an explicit QT_NO_GLIB is left as it is.
void useLeanEventLoop()
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
}
} // namespace

int main(int argc, char **argv)
{
    ops::memory::configureAllocator();
    QLoggingCategory::setFilterRules(QStringLiteral("ops.*.debug=false"));
    QCoreApplication::setOrganizationName(QStringLiteral("ccat"));
    QCoreApplication::setApplicationName(QStringLiteral("opsconsole"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        std::printf("%s", qPrintable(ops::usageText()));
        return 0;
    }
    if (arguments.contains(QStringLiteral("--version"))) {
        std::printf("opsconsole %s\n", PROJECT_VERSION);
        return 0;
    }
    const QString defaultBuffer =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
        QStringLiteral("/buffer.sqlite");
    auto loaded =
        ops::loadConfig(arguments, QProcessEnvironment::systemEnvironment(), defaultBuffer,
                        QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                            QStringLiteral("/opsconsole.ini"));
    if (auto *error = std::get_if<ops::UsageError>(&loaded)) {
        const int status = usageError(error->message);
        // N1: a console about to open its window (no command, not headless, a display to open
        // on) says a configuration error in the start-up failure dialog too, as the setting
        // may have come from the config file, not a command line anyone sees. Still exit 2.
        const bool command =
            std::any_of(arguments.begin() + 1, arguments.end(), [](const QString &a) {
                return a == QLatin1StringView("migrate-central") ||
                       a == QLatin1StringView("token") || a == QLatin1StringView("export-night") ||
                       a == QLatin1StringView("simulate") || a == QLatin1StringView("check-buffer");
            });
        const bool display = !qEnvironmentVariableIsEmpty("DISPLAY") ||
                             !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
                             !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
        if (!command && display && !arguments.contains(QStringLiteral("--headless")) &&
            qEnvironmentVariable("OPSCONSOLE_HEADLESS").isEmpty()) {
            QApplication app(argc, argv);
            installLanguage(QString(), app);
            showStartupFailure(error->message);
        }
        return status;
    }
    const ops::Config &config = std::get<ops::Config>(loaded);
    ops::installLogHandler(config.logFormat == QLatin1StringView("json") ? ops::LogFormat::Json
                                                                         : ops::LogFormat::Text);

    if (config.command == QLatin1StringView("token")) {
        QCoreApplication app(argc, argv);
        return ops::runTokenCommand(config);
    }
    if (config.command == QLatin1StringView("simulate")) {
        QCoreApplication app(argc, argv);
        ops::AutomationSimulator simulator({config.simulateUrl, config.simulateToken,
                                            config.simulateRate, config.simulateSeconds});
        ops::SignalWatcher signals;
        QObject::connect(&signals, &ops::SignalWatcher::stopRequested, &simulator,
                         &ops::AutomationSimulator::stop);
        QObject::connect(&simulator, &ops::AutomationSimulator::finished, &app,
                         &QCoreApplication::quit);
        simulator.start();
        app.exec();
        const auto &c = simulator.counts();
        std::printf("%d requests, %d accepted, %d refused, %d files registered\n", c.sent,
                    c.accepted, c.refused, c.files);
        if (c.refused > 0)
            std::fprintf(stderr, "opsconsole: last refusal: %s\n", qPrintable(c.lastRefusal));
        return c.refused > 0 ? 1 : 0;
    }
    if (config.command == QLatin1StringView("export-night")) {
        // The PDF needs fonts, so a QGuiApplication; with no display, the offscreen platform.
        if (qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        installLanguage(config.lang, app);
        return ops::runExportCommand(config);
    }
    if (config.command == QLatin1StringView("check-buffer")) {
        QCoreApplication app(argc, argv);
        const ops::IntegrityCheck::Outcome outcome = ops::IntegrityCheck::run(config.bufferPath);
        std::printf("%s: %s\n", qPrintable(config.bufferPath), qPrintable(outcome.describe()));
        if (outcome.problems.isEmpty() || outcome.repaired)
            return 0;
        QFile marker(ops::Buffer::recoveryMarker(config.bufferPath));
        if (marker.open(QIODevice::WriteOnly))
            marker.write(outcome.describe().toUtf8());
        return failure(QStringLiteral("check-buffer: the buffer is damaged; the next start moves "
                                      "it aside and recovers what it can"));
    }
    if (config.command == QLatin1StringView("migrate-central")) {
        QCoreApplication app(argc, argv);
        ops::PgConnection central;
        if (!central.connect(config.central))
            return failure(
                QStringLiteral("migrate-central: cannot connect: %1").arg(central.lastError()));
        if (auto migrated = ops::centralschema::migrate(central); !migrated)
            return failure(migrated.error().message);
        std::fprintf(stderr, "central schema opsdb is at version %d\n",
                     ops::centralschema::latestVersion());
        return 0;
    }

    // No display at all (a server, a container): serving beats crashing in QApplication.
    if (!config.headless && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fprintf(
            stderr,
            "opsconsole: no display (DISPLAY and WAYLAND_DISPLAY are unset): running headless\n");
        ops::Config headless = config;
        headless.headless = true;
        useLeanEventLoop();
        QCoreApplication app(argc, argv);
        return runConsole(headless, app);
    }
    if (config.headless) {
        // No QApplication and no widget: the headless service is core alone.
        useLeanEventLoop();
        QCoreApplication app(argc, argv);
        return runConsole(config, app);
    }
    QApplication app(argc, argv);
    QApplication::setWindowIcon(
        QIcon(QStringLiteral(":/icons/org.ccatobservatory.opsconsole.svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.ccatobservatory.opsconsole"));
    return runConsole(config, app);
}
