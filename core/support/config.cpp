#include "config.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QTimeZone>
#include <QUrl>

#include <libpq-fe.h>

#include <variant>

namespace ops {

namespace {

struct Setting
{
    const char *name;
    const char *valueName; ///< nullptr: a flag
    const char *help;
};

const Setting kSettings[] = {
    {"buffer", "PATH", "Local SQLite buffer (default: app-data folder, buffer.sqlite)."},
    {"central", "CONNINFO", "Central PostgreSQL: libpq conninfo or postgresql:// URL."},
    {"site", "NAME", "Site short name (default ccat)."},
    {"site-type", "TYPE", "main or secondary (default secondary)."},
    {"timezone", "IANA-NAME", "Site time zone for the night log (default America/Santiago)."},
    {"max-package-bytes", "N", "Largest raw data package in bytes (default 53687091200)."},
    {"listen", "[HOST:]PORT", "Serve the REST routes (default host 127.0.0.1)."},
    {"headless", nullptr, "No window: serve and sync until SIGINT/SIGTERM."},
    {"migrate", nullptr, "Create or upgrade the central schema on connect."},
    {"config", "FILE", "Config file (INI, keys as the long option names)."},
    {"lang", "LANG", "Language: de, es or en."},
    {"theme", "THEME",
     "Colours: day (default) or night (dark and red-shifted, for the control room)."},
    {"demo", nullptr,
     "Open on a demo buffer of its own with a simulated night (never the real buffer)."},
    {"max-body-bytes", "N", "Largest accepted HTTP body (default 67108864)."},
    {"tls-cert", "FILE", "Serve HTTPS with this PEM certificate (with --tls-key)."},
    {"tls-key", "FILE", "The PEM private key of --tls-cert."},
    {"allow-plain-http", nullptr,
     "Allow plain HTTP on an address other than loopback (otherwise --tls-cert is required)."},
    {"log-format", "FORMAT",
     "Log lines on stderr: text (default; syslog priority prefixes under journald) or json."},
    {"name", "NAME", "token create: the token's name."},
    {"scopes", "LIST", "token create: comma-separated scopes."},
    {"night", "YYYY-MM-DD", "export-night: the night (noon to noon in the site's time zone)."},
    {"format", "FORMAT", "export-night: csv or pdf."},
    {"out", "FILE", "export-night: where to write."},
    {"listen-url", "URL",
     "simulate: the console to play automation against, e.g. http://127.0.0.1:8080."},
    {"token", "TOKEN", "simulate: the bearer token to use."},
    {"rate", "N", "simulate: requests per second (default 5)."},
    {"duration", "SECONDS", "simulate: stop after this long (default: until SIGINT)."},
};

QString envName(const char *name)
{
    return QStringLiteral("OPSCONSOLE_") +
           QString::fromLatin1(name).toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Operations console of the observatory."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QStringLiteral("Optional, one of: migrate-central | token create|list|revoke NAME | "
                       "export-night --night --format --out | simulate --listen-url --token | "
                       "check-buffer"));
    for (const Setting &s : kSettings) {
        QCommandLineOption option(QString::fromLatin1(s.name), QString::fromLatin1(s.help));
        if (s.valueName)
            option.setValueName(QString::fromLatin1(s.valueName));
        parser.addOption(option);
    }
}

} // namespace

QString conninfoProblem(const QString &conninfo)
{
    if (conninfo.trimmed().isEmpty())
        return {};
    // A conninfo libpq cannot parse is a configuration error now, not an outage for ever.
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (options) {
        PQconninfoFree(options);
        return {};
    }
    const QString why =
        error ? QString::fromUtf8(error).trimmed() : QStringLiteral("libpq is out of memory");
    PQfreemem(error);
    return why;
}

QString usageText()
{
    QCommandLineParser parser;
    addOptions(parser);
    // Qt names the program from QCoreApplication's arguments, and --help is answered before one
    // exists ("Usage: <executable_name>"); the program is opsconsole whatever it was started as.
    QString text = parser.helpText();
    const qsizetype end = text.indexOf(QLatin1Char(' '), text.indexOf(QLatin1Char(' ')) + 1);
    if (text.startsWith(QLatin1StringView("Usage: ")) && end > 0)
        text.replace(0, end, QStringLiteral("Usage: opsconsole"));
    return text;
}

std::variant<Config, UsageError> loadConfig(const QStringList &arguments,
                                            const QProcessEnvironment &environment,
                                            const QString &defaultBufferPath,
                                            const QString &defaultConfigFile)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(arguments))
        return UsageError{parser.errorText()};

    Config config;
    const QStringList words = parser.positionalArguments();
    if (!words.isEmpty()) {
        config.command = words.first();
        config.commandWords = words.mid(1);
        if (config.command != QLatin1StringView("migrate-central") &&
            config.command != QLatin1StringView("check-buffer") &&
            config.command != QLatin1StringView("token") &&
            config.command != QLatin1StringView("export-night") &&
            config.command != QLatin1StringView("simulate"))
            return UsageError{QStringLiteral("unknown command \"%1\" (known: migrate-central, "
                                             "token, export-night, simulate, check-buffer)")
                                  .arg(config.command)};
    }

    config.configFile = parser.value(QStringLiteral("config"));
    if (config.configFile.isEmpty())
        config.configFile = environment.value(envName("config"));
    std::unique_ptr<QSettings> file;
    if (config.configFile.isEmpty() && !defaultConfigFile.isEmpty()) {
        config.configFile = defaultConfigFile;
        if (QFileInfo::exists(defaultConfigFile))
            file = std::make_unique<QSettings>(defaultConfigFile, QSettings::IniFormat);
    } else if (!config.configFile.isEmpty()) {
        if (!QFileInfo(config.configFile).isReadable())
            return UsageError{
                QStringLiteral("--config: cannot read \"%1\"").arg(config.configFile)};
        file = std::make_unique<QSettings>(config.configFile, QSettings::IniFormat);
    }
    // Returns the winning value of a setting, or a null QString when nobody set it.
    const auto value = [&](const char *name) -> QString {
        const QString key = QString::fromLatin1(name);
        if (parser.isSet(key))
            return parser.value(key);
        if (environment.contains(envName(name)))
            return environment.value(envName(name));
        if (file && file->contains(key))
            return file->value(key).toString();
        return {};
    };
    const auto flag = [&](const char *name) -> std::optional<bool> {
        const QString key = QString::fromLatin1(name);
        if (parser.isSet(key))
            return true;
        QString text = environment.contains(envName(name)) ? environment.value(envName(name))
                       : (file && file->contains(key))     ? file->value(key).toString()
                                                           : QString();
        if (text.isEmpty())
            return false;
        text = text.toLower();
        if (text == QLatin1StringView("1") || text == QLatin1StringView("true") ||
            text == QLatin1StringView("yes") || text == QLatin1StringView("on"))
            return true;
        if (text == QLatin1StringView("0") || text == QLatin1StringView("false") ||
            text == QLatin1StringView("no") || text == QLatin1StringView("off"))
            return false;
        return std::nullopt;
    };

    config.bufferPath = value("buffer");
    if (config.bufferPath.isEmpty())
        config.bufferPath = defaultBufferPath;
    config.central = value("central");
    if (const QString why = conninfoProblem(config.central); !why.isEmpty())
        return UsageError{
            QStringLiteral("--central: not a libpq conninfo or postgresql:// URL: %1").arg(why)};
    if (const QString site = value("site"); !site.isNull()) {
        if (site.trimmed().isEmpty())
            return UsageError{QStringLiteral("--site: must not be empty")};
        config.site = site.trimmed();
    }
    if (const QString type = value("site-type"); !type.isNull()) {
        if (type != QLatin1StringView("main") && type != QLatin1StringView("secondary"))
            return UsageError{
                QStringLiteral("--site-type: must be main or secondary, got \"%1\"").arg(type)};
        config.siteType = type;
    }
    if (const QString zone = value("timezone"); !zone.isNull()) {
        if (!QTimeZone(zone.toUtf8()).isValid())
            return UsageError{
                QStringLiteral("--timezone: unknown IANA time zone \"%1\"").arg(zone)};
        config.timezone = zone;
    }
    for (const auto &[name, target] : {std::pair{"max-package-bytes", &config.maxPackageBytes},
                                       std::pair{"max-body-bytes", &config.maxBodyBytes}}) {
        if (const QString text = value(name); !text.isNull()) {
            bool ok = false;
            const qint64 n = text.toLongLong(&ok);
            if (!ok || n <= 0)
                return UsageError{
                    QStringLiteral("--%1: must be a positive whole number of bytes, got \"%2\"")
                        .arg(QString::fromLatin1(name), text)};
            *target = n;
        }
    }
    if (const QString listen = value("listen"); !listen.isNull()) {
        const auto colon = listen.lastIndexOf(QLatin1Char(':'));
        const QString host = colon >= 0 ? listen.left(colon) : QString();
        bool ok = false;
        const uint port = listen.mid(colon + 1).toUInt(&ok);
        if (!ok || port > 65535)
            return UsageError{
                QStringLiteral("--listen: expected [HOST:]PORT, got \"%1\"").arg(listen)};
        if (!host.isEmpty()) {
            const QString bare =
                host.startsWith(QLatin1Char('[')) ? host.mid(1, host.size() - 2) : host;
            config.listenAddress = bare == QLatin1StringView("localhost")
                                       ? QHostAddress(QHostAddress::LocalHost)
                                       : QHostAddress(bare);
            if (config.listenAddress.isNull())
                return UsageError{
                    QStringLiteral("--listen: \"%1\" is not an IP address").arg(host)};
        }
        config.listen = true;
        config.listenPort = static_cast<quint16>(port);
    }
    for (const auto &[name, target] :
         {std::pair{"headless", &config.headless}, std::pair{"migrate", &config.migrate},
          std::pair{"demo", &config.demo}, std::pair{"allow-plain-http", &config.allowPlainHttp}}) {
        const auto set = flag(name);
        if (!set)
            return UsageError{QStringLiteral("%1: must be true or false").arg(envName(name))};
        *target = *set;
    }
    config.tlsCertificate = value("tls-cert");
    config.tlsKey = value("tls-key");
    if (config.tlsCertificate.isEmpty() != config.tlsKey.isEmpty())
        return UsageError{QStringLiteral("--tls-cert and --tls-key: give both or neither")};
    // Tokens travel in every request: beyond loopback they are sent encrypted, or the operator
    // says in so many words that the network is trusted.
    if (config.listen && !config.listenAddress.isLoopback() && config.tlsCertificate.isEmpty() &&
        !config.allowPlainHttp)
        return UsageError{
            QStringLiteral("--listen %1: serving beyond loopback needs --tls-cert FILE --tls-key "
                           "FILE, or --allow-plain-http on a trusted network")
                .arg(config.listenAddress.toString())};
    if (const QString format = value("log-format"); !format.isNull()) {
        if (format != QLatin1StringView("text") && format != QLatin1StringView("json"))
            return UsageError{
                QStringLiteral("--log-format: must be text or json, got \"%1\"").arg(format)};
        config.logFormat = format;
    }
    if (const QString lang = value("lang"); !lang.isNull()) {
        if (lang != QLatin1StringView("de") && lang != QLatin1StringView("es") &&
            lang != QLatin1StringView("en"))
            return UsageError{QStringLiteral("--lang: must be de, es or en, got \"%1\"").arg(lang)};
        config.lang = lang;
    }
    if (const QString theme = value("theme"); !theme.isNull()) {
        if (theme != QLatin1StringView("day") && theme != QLatin1StringView("night"))
            return UsageError{
                QStringLiteral("--theme: must be day or night, got \"%1\"").arg(theme)};
        config.theme = theme;
    }
    config.tokenName = parser.value(QStringLiteral("name"));
    if (parser.isSet(QStringLiteral("scopes")))
        config.tokenScopes =
            parser.value(QStringLiteral("scopes")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &scope : config.tokenScopes)
        scope = scope.trimmed();

    if (config.command == QLatin1StringView("export-night")) {
        const QString night = parser.value(QStringLiteral("night"));
        config.night = QDate::fromString(night, Qt::ISODate);
        if (!config.night.isValid() || night.size() != 10)
            return UsageError{
                QStringLiteral("export-night: --night must be a date YYYY-MM-DD, got \"%1\"")
                    .arg(night)};
        config.exportFormat = parser.value(QStringLiteral("format"));
        if (config.exportFormat != QLatin1StringView("csv") &&
            config.exportFormat != QLatin1StringView("pdf"))
            return UsageError{
                QStringLiteral("export-night: --format must be csv or pdf, got \"%1\"")
                    .arg(config.exportFormat)};
        config.exportFile = parser.value(QStringLiteral("out"));
        if (config.exportFile.isEmpty())
            return UsageError{QStringLiteral("export-night: --out FILE is required")};
    }
    if (config.command == QLatin1StringView("simulate")) {
        config.simulateUrl = parser.value(QStringLiteral("listen-url"));
        const QUrl url(config.simulateUrl);
        if (!url.isValid() ||
            (url.scheme() != QLatin1StringView("http") &&
             url.scheme() != QLatin1StringView("https")) ||
            url.host().isEmpty())
            return UsageError{
                QStringLiteral("simulate: --listen-url must be an http:// URL, got \"%1\"")
                    .arg(config.simulateUrl)};
        config.simulateToken = parser.value(QStringLiteral("token"));
        if (config.simulateToken.isEmpty())
            return UsageError{QStringLiteral("simulate: --token is required")};
        bool ok = true;
        if (parser.isSet(QStringLiteral("rate")))
            config.simulateRate = parser.value(QStringLiteral("rate")).toDouble(&ok);
        if (!ok || config.simulateRate <= 0 || config.simulateRate > 1000)
            return UsageError{
                QStringLiteral(
                    "simulate: --rate must be between 0 and 1000 requests per second, got \"%1\"")
                    .arg(parser.value(QStringLiteral("rate")))};
        if (parser.isSet(QStringLiteral("duration")))
            config.simulateSeconds = parser.value(QStringLiteral("duration")).toInt(&ok);
        if (!ok || config.simulateSeconds < 0)
            return UsageError{
                QStringLiteral("simulate: --duration must be a whole number of seconds, got \"%1\"")
                    .arg(parser.value(QStringLiteral("duration")))};
    }
    config.settingsFile = config.configFile;
    if (config.demo) {
        // The demo's buffer and settings are its own, beside the real buffer's default place,
        // and it never syncs its simulated night to a real central.
        const QString folder = QFileInfo(defaultBufferPath).absolutePath();
        config.bufferPath = folder + QStringLiteral("/demo.sqlite");
        config.settingsFile = folder + QStringLiteral("/demo.ini");
        config.central.clear();
        // D10: the theme chosen in the demo's Settings (saved to demo.ini) is the demo's theme at
        // its next start, unless --theme or OPSCONSOLE_THEME says otherwise.
        if (!parser.isSet(QStringLiteral("theme")) && !environment.contains(envName("theme")) &&
            QFileInfo::exists(config.settingsFile)) {
            const QString theme = QSettings(config.settingsFile, QSettings::IniFormat)
                                      .value(QStringLiteral("theme"))
                                      .toString();
            if (theme == QLatin1StringView("day") || theme == QLatin1StringView("night"))
                config.theme = theme;
        }
    }
    if (config.command == QLatin1StringView("migrate-central") && config.central.isEmpty())
        return UsageError{QStringLiteral("migrate-central: --central CONNINFO is required")};
    if (config.command == QLatin1StringView("token")) {
        const QString verb = config.commandWords.value(0);
        if (verb == QLatin1StringView("create")) {
            if (config.tokenName.isEmpty() || config.tokenScopes.isEmpty())
                return UsageError{
                    QStringLiteral("token create: --name NAME and --scopes a,b are required")};
        } else if (verb == QLatin1StringView("revoke")) {
            if (config.commandWords.size() != 2)
                return UsageError{QStringLiteral("token revoke: give the token's NAME")};
        } else if (verb != QLatin1StringView("list")) {
            return UsageError{
                QStringLiteral("token: expected create, list or revoke, got \"%1\"").arg(verb)};
        }
    }
    return config;
}

} // namespace ops
