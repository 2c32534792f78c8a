#pragma once

#include "result.h"

#include <QDate>
#include <QHostAddress>
#include <QProcessEnvironment>
#include <QStringList>

namespace ops {

/// Everything the command line, the environment and the config file decide (CONTRACT §4).
/// Precedence: command line > OPSCONSOLE_<NAME> environment variable > config file > default.
struct Config
{
    QString command;          ///< empty (console), "migrate-central", "token"
    QStringList commandWords; ///< the words after the command, e.g. {"create"} or {"revoke", "x"}

    QString bufferPath;
    QString central;
    QString site = QStringLiteral("ccat");
    QString siteType = QStringLiteral("secondary");
    QString timezone = QStringLiteral("America/Santiago");
    qint64 maxPackageBytes = 53687091200;
    bool listen = false;
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 0;
    bool headless = false;
    bool migrate = false;
    bool demo = false; ///< open on a demo buffer of its own with a simulated night
    QString configFile;
    /// Where the settings dialog saves: the config file, or with --demo a demo.ini of the
    /// demo's own beside demo.sqlite (the demo never writes the real config).
    QString settingsFile;
    QString lang;
    QString theme = QStringLiteral("day"); ///< --theme: day | night (the window's colours)
    qint64 maxBodyBytes = 64LL * 1024 * 1024;
    QString tlsCertificate; ///< --tls-cert: PEM file; with tlsKey, the REST routes are HTTPS
    QString tlsKey;         ///< --tls-key
    bool allowPlainHttp = false;
    QString logFormat = QStringLiteral("text"); ///< --log-format: text | json

    QString tokenName;
    QStringList tokenScopes;

    QDate night;          ///< export-night --night
    QString exportFormat; ///< export-night --format: csv | pdf
    QString exportFile;   ///< export-night --out

    QString simulateUrl;     ///< simulate --listen-url
    QString simulateToken;   ///< simulate --token
    double simulateRate = 5; ///< simulate --rate (requests per second)
    int simulateSeconds = 0; ///< simulate --duration (0: until stopped)

    bool isMainSite() const { return siteType == QLatin1StringView("main"); }
};

/// A usage problem: the program prints it on one line and exits with status 2.
struct UsageError
{
    QString message;
};

/// Reads the configuration. `arguments` includes the program name, as QCoreApplication gives it.
/// `defaultBufferPath` is the platform's app-data location, resolved by the caller.
/// `defaultConfigFile` is read when neither --config nor OPSCONSOLE_CONFIG names one and it exists;
/// it is where the desktop's settings dialog saves.
std::variant<Config, UsageError> loadConfig(const QStringList &arguments,
                                            const QProcessEnvironment &environment,
                                            const QString &defaultBufferPath,
                                            const QString &defaultConfigFile = {});

/// Why libpq cannot parse `conninfo` (a key=value conninfo or a postgresql:// URL), in libpq's
/// words (e.g. "missing \"=\" after \"32\" in connection info string"); empty when it can or
/// when it is empty. The start-up and the settings dialog check with it alike.
QString conninfoProblem(const QString &conninfo);

/// The usage text printed by --help.
QString usageText();

} // namespace ops
