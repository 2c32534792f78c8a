#include "config.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QTimeZone>
#include <QUrl>

#include <libpq-fe.h>

#include <tuple>
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

namespace {

using Problem = std::optional<UsageError>;

bool isOneOf(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *word : words)
        if (text == QLatin1StringView(word))
            return true;
    return false;
}

/// Where a setting comes from, the first that has it: the command line, the environment
/// (OPSCONSOLE_<NAME>), the configuration file.
class SettingSources
{
public:
    SettingSources(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                   std::unique_ptr<QSettings> file)
        : m_parser(parser), m_environment(environment), m_file(std::move(file))
    {}

    /// The winning value of a setting, or a null QString when nobody set it.
    QString value(const char *name) const
    {
        const QString key = QString::fromLatin1(name);
        if (m_parser.isSet(key))
            return m_parser.value(key);
        if (m_environment.contains(envName(name)))
            return m_environment.value(envName(name));
        if (m_file && m_file->contains(key))
            return m_file->value(key).toString();
        return {};
    }

    /// A switch: set on the command line, or true/false (1/0, yes/no, on/off) in the environment
    /// or the file; nothing when it is something else.
    std::optional<bool> flag(const char *name) const
    {
        const QString key = QString::fromLatin1(name);
        if (m_parser.isSet(key))
            return true;
        const QString text =
            (m_environment.contains(envName(name)) ? m_environment.value(envName(name))
             : (m_file && m_file->contains(key))   ? m_file->value(key).toString()
                                                   : QString())
                .toLower();
        if (text.isEmpty() || isOneOf(text, {"0", "false", "no", "off"}))
            return false;
        if (isOneOf(text, {"1", "true", "yes", "on"}))
            return true;
        return std::nullopt;
    }

    /// Where the winning value of a setting was set, for a refusal: "--name", the variable, or
    /// "name in FILE".
    QString origin(const char *name) const
    {
        const QString key = QString::fromLatin1(name);
        if (!m_parser.isSet(key) && !m_environment.contains(envName(name)) && m_file &&
            m_file->contains(key))
            return QStringLiteral("%1 in %2").arg(key, m_file->fileName());
        if (!m_parser.isSet(key) && m_environment.contains(envName(name)))
            return envName(name);
        return QStringLiteral("--") + key;
    }

    /// Given on the command line or in the environment (not only in the file).
    bool givenOutsideTheFile(const char *name) const
    {
        return m_parser.isSet(QString::fromLatin1(name)) || m_environment.contains(envName(name));
    }

private:
    const QCommandLineParser &m_parser;
    const QProcessEnvironment &m_environment;
    std::unique_ptr<QSettings> m_file;
};

Problem readCommand(const QCommandLineParser &parser, Config &config)
{
    const QStringList words = parser.positionalArguments();
    if (words.isEmpty())
        return std::nullopt;
    config.command = words.first();
    config.commandWords = words.mid(1);
    if (!isOneOf(config.command,
                 {"migrate-central", "check-buffer", "token", "export-night", "simulate"}))
        return UsageError{QStringLiteral("unknown command \"%1\" (known: migrate-central, "
                                         "token, export-night, simulate, check-buffer)")
                              .arg(config.command)};
    return std::nullopt;
}

/// The configuration file: --config, else OPSCONSOLE_CONFIG, else the default one if it exists.
std::variant<std::unique_ptr<QSettings>, UsageError>
openConfigFile(const QCommandLineParser &parser, const QProcessEnvironment &environment,
               const QString &defaultConfigFile, Config &config)
{
    config.configFile = parser.value(QStringLiteral("config"));
    if (config.configFile.isEmpty())
        config.configFile = environment.value(envName("config"));
    if (config.configFile.isEmpty() && !defaultConfigFile.isEmpty()) {
        config.configFile = defaultConfigFile;
        if (QFileInfo::exists(defaultConfigFile))
            return std::make_unique<QSettings>(defaultConfigFile, QSettings::IniFormat);
        return std::unique_ptr<QSettings>();
    }
    if (config.configFile.isEmpty())
        return std::unique_ptr<QSettings>();
    if (!QFileInfo(config.configFile).isReadable())
        return UsageError{QStringLiteral("--config: cannot read \"%1\"").arg(config.configFile)};
    return std::make_unique<QSettings>(config.configFile, QSettings::IniFormat);
}

/// The buffer, central, the site and the limits.
Problem readSite(const SettingSources &sources, const QString &defaultBufferPath, Config &config)
{
    config.bufferPath = sources.value("buffer");
    if (config.bufferPath.isEmpty())
        config.bufferPath = defaultBufferPath;
    config.central = sources.value("central");
    if (const QString why = conninfoProblem(config.central); !why.isEmpty())
        return UsageError{
            QStringLiteral("--central: not a libpq conninfo or postgresql:// URL: %1").arg(why)};
    if (const QString site = sources.value("site"); !site.isNull()) {
        if (site.trimmed().isEmpty())
            return UsageError{QStringLiteral("--site: must not be empty")};
        config.site = site.trimmed();
    }
    if (const QString type = sources.value("site-type"); !type.isNull()) {
        if (!isOneOf(type, {"main", "secondary"}))
            return UsageError{
                QStringLiteral("--site-type: must be main or secondary, got \"%1\"").arg(type)};
        config.siteType = type;
    }
    if (const QString zone = sources.value("timezone"); !zone.isNull()) {
        if (!QTimeZone(zone.toUtf8()).isValid())
            return UsageError{
                QStringLiteral("--timezone: unknown IANA time zone \"%1\"").arg(zone)};
        config.timezone = zone;
    }
    for (const auto &[name, target] : {std::pair{"max-package-bytes", &config.maxPackageBytes},
                                       std::pair{"max-body-bytes", &config.maxBodyBytes}}) {
        if (const QString text = sources.value(name); !text.isNull()) {
            bool ok = false;
            const qint64 n = text.toLongLong(&ok);
            if (!ok || n <= 0)
                return UsageError{
                    QStringLiteral("--%1: must be a positive whole number of bytes, got \"%2\"")
                        .arg(QString::fromLatin1(name), text)};
            *target = n;
        }
    }
    return std::nullopt;
}

/// --listen [HOST:]PORT.
Problem readListen(const SettingSources &sources, Config &config)
{
    const QString listen = sources.value("listen");
    if (listen.isNull())
        return std::nullopt;
    const auto colon = listen.lastIndexOf(QLatin1Char(':'));
    const QString host = colon >= 0 ? listen.left(colon) : QString();
    bool ok = false;
    const uint port = listen.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return UsageError{QStringLiteral("--listen: expected [HOST:]PORT, got \"%1\"").arg(listen)};
    if (!host.isEmpty()) {
        const QString bare =
            host.startsWith(QLatin1Char('[')) ? host.mid(1, host.size() - 2) : host;
        config.listenAddress = bare == QLatin1StringView("localhost")
                                   ? QHostAddress(QHostAddress::LocalHost)
                                   : QHostAddress(bare);
        if (config.listenAddress.isNull())
            return UsageError{QStringLiteral("--listen: \"%1\" is not an IP address").arg(host)};
    }
    config.listen = true;
    config.listenPort = static_cast<quint16>(port);
    return std::nullopt;
}

/// The switches, TLS, and whether serving beyond loopback is allowed.
Problem readSwitchesAndTls(const SettingSources &sources, Config &config)
{
    for (const auto &[name, target] :
         {std::pair{"headless", &config.headless}, std::pair{"migrate", &config.migrate},
          std::pair{"demo", &config.demo}, std::pair{"allow-plain-http", &config.allowPlainHttp}}) {
        const auto set = sources.flag(name);
        if (!set)
            return UsageError{QStringLiteral("%1: must be true or false, got \"%2\"")
                                  .arg(sources.origin(name), sources.value(name))};
        *target = *set;
    }
    config.tlsCertificate = sources.value("tls-cert");
    config.tlsKey = sources.value("tls-key");
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
    return std::nullopt;
}

/// How the console speaks: log format, language, theme.
Problem readPresentation(const SettingSources &sources, Config &config)
{
    for (const auto &[name, allowed, target] :
         {std::tuple{"log-format", QStringList{QStringLiteral("text"), QStringLiteral("json")},
                     &config.logFormat},
          std::tuple{"lang",
                     QStringList{QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("en")},
                     &config.lang},
          std::tuple{"theme", QStringList{QStringLiteral("day"), QStringLiteral("night")},
                     &config.theme}}) {
        const QString chosen = sources.value(name);
        if (chosen.isNull())
            continue;
        if (!allowed.contains(chosen)) {
            QStringList choices = allowed;
            const QString last = choices.takeLast();
            return UsageError{QStringLiteral("--%1: must be %2 or %3, got \"%4\"")
                                  .arg(QString::fromLatin1(name),
                                       choices.join(QLatin1StringView(", ")), last, chosen)};
        }
        *target = chosen;
    }
    return std::nullopt;
}

Problem readExportNight(const QCommandLineParser &parser, Config &config)
{
    const QString night = parser.value(QStringLiteral("night"));
    config.night = QDate::fromString(night, Qt::ISODate);
    if (!config.night.isValid() || night.size() != 10)
        return UsageError{
            QStringLiteral("export-night: --night must be a date YYYY-MM-DD, got \"%1\"")
                .arg(night)};
    config.exportFormat = parser.value(QStringLiteral("format"));
    if (!isOneOf(config.exportFormat, {"csv", "pdf"}))
        return UsageError{QStringLiteral("export-night: --format must be csv or pdf, got \"%1\"")
                              .arg(config.exportFormat)};
    config.exportFile = parser.value(QStringLiteral("out"));
    if (config.exportFile.isEmpty())
        return UsageError{QStringLiteral("export-night: --out FILE is required")};
    return std::nullopt;
}

Problem readSimulate(const QCommandLineParser &parser, Config &config)
{
    config.simulateUrl = parser.value(QStringLiteral("listen-url"));
    const QUrl url(config.simulateUrl);
    if (!url.isValid() || !isOneOf(url.scheme(), {"http", "https"}) || url.host().isEmpty())
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
    return std::nullopt;
}

Problem readToken(const QCommandLineParser &parser, Config &config)
{
    config.tokenName = parser.value(QStringLiteral("name"));
    if (parser.isSet(QStringLiteral("scopes")))
        config.tokenScopes =
            parser.value(QStringLiteral("scopes")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &scope : config.tokenScopes)
        scope = scope.trimmed();
    if (config.command != QLatin1StringView("token"))
        return std::nullopt;
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
    return std::nullopt;
}

/// The demo's buffer and settings are its own, beside the real buffer's default place, and it
/// never syncs its simulated night to a real central.
void useDemoPlaces(const SettingSources &sources, const QString &defaultBufferPath, Config &config)
{
    const QString folder = QFileInfo(defaultBufferPath).absolutePath();
    config.bufferPath = folder + QStringLiteral("/demo.sqlite");
    config.settingsFile = folder + QStringLiteral("/demo.ini");
    config.central.clear();
    // D10: the theme chosen in the demo's Settings (saved to demo.ini) is the demo's theme at its
    // next start, unless --theme or OPSCONSOLE_THEME says otherwise.
    if (!sources.givenOutsideTheFile("theme") && QFileInfo::exists(config.settingsFile)) {
        const QString theme = QSettings(config.settingsFile, QSettings::IniFormat)
                                  .value(QStringLiteral("theme"))
                                  .toString();
        if (isOneOf(theme, {"day", "night"}))
            config.theme = theme;
    }
}

} // namespace

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
    if (auto bad = readCommand(parser, config))
        return *bad;
    auto file = openConfigFile(parser, environment, defaultConfigFile, config);
    if (auto *bad = std::get_if<UsageError>(&file))
        return *bad;
    const SettingSources sources(parser, environment,
                                 std::move(std::get<std::unique_ptr<QSettings>>(file)));
    // In this order: TLS is judged on where the console listens.
    if (auto bad = readSite(sources, defaultBufferPath, config))
        return *bad;
    if (auto bad = readListen(sources, config))
        return *bad;
    if (auto bad = readSwitchesAndTls(sources, config))
        return *bad;
    if (auto bad = readPresentation(sources, config))
        return *bad;
    if (auto bad = readToken(parser, config))
        return *bad;
    if (config.command == QLatin1StringView("export-night"))
        if (auto bad = readExportNight(parser, config))
            return *bad;
    if (config.command == QLatin1StringView("simulate"))
        if (auto bad = readSimulate(parser, config))
            return *bad;
    config.settingsFile = config.configFile;
    if (config.demo)
        useDemoPlaces(sources, defaultBufferPath, config);
    if (config.command == QLatin1StringView("migrate-central") && config.central.isEmpty())
        return UsageError{QStringLiteral("migrate-central: --central CONNINFO is required")};
    return config;
}

} // namespace ops
