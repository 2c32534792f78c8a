#include "commands.h"

#include "buffer.h"
#include "clock.h"
#include "mergedreader.h"
#include "nightreport.h"
#include "nightsummary.h"
#include "timestamps.h"
#include "tokenstore.h"

#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>

namespace ops {

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "opsconsole: %s\n", qPrintable(message));
    return 1;
}
} // namespace

int runExportCommand(const Config &config)
{
    // Opening would create a new, empty buffer: a mistyped --buffer must not give an empty report.
    if (!QFileInfo::exists(config.bufferPath))
        return fail(QStringLiteral("export-night: no buffer at %1 (check --buffer)")
                        .arg(config.bufferPath));
    Buffer buffer;
    if (auto opened = buffer.open(config.bufferPath, Buffer::Role::Owner); !opened)
        return fail(opened.error().message);
    const QTimeZone zone(config.timezone.toUtf8());
    const QJsonArray log =
        MergedReader(buffer.database())
            .nightLog(timestamps::nightWindow(config.night, zone), QString(), 100000, 0);
    if (config.exportFormat == QLatin1StringView("csv")) {
        QSaveFile file(config.exportFile);
        if (!file.open(QIODevice::WriteOnly) || file.write(nightLogCsv(log)) < 0 || !file.commit())
            return fail(QStringLiteral("--out: cannot write %1: %2")
                            .arg(config.exportFile, file.errorString()));
    } else if (const QString problem =
                   writeNightPdf(config.exportFile, config.night, log, config.site, zone,
                                 Clock::system().nowMicros());
               !problem.isEmpty()) {
        return fail(problem);
    }
    std::fprintf(stderr, "night of %s: %lld observations written to %s\n",
                 qPrintable(config.night.toString(Qt::ISODate)), static_cast<long long>(log.size()),
                 qPrintable(config.exportFile));
    return 0;
}

int runTokenCommand(const Config &config)
{
    Buffer buffer;
    if (auto opened = buffer.open(config.bufferPath, Buffer::Role::Owner); !opened)
        return fail(opened.error().message);
    TokenStore tokens(buffer.database());
    const QString now = timestamps::format(Clock::system().nowMicros());
    const QString verb = config.commandWords.value(0);
    if (verb == QLatin1StringView("create")) {
        auto secret = tokens.create(config.tokenName, config.tokenScopes, now);
        if (!secret)
            return secret.error().kind == ErrorKind::Invalid
                       ? (std::fprintf(stderr, "opsconsole: %s\n",
                                       qPrintable(secret.error().message)),
                          2)
                       : fail(secret.error().message);
        std::printf("%s\n", qPrintable(secret.value()));
        std::fprintf(stderr, "token \"%s\" created with scopes %s; it is shown only this once\n",
                     qPrintable(config.tokenName),
                     qPrintable(config.tokenScopes.join(QLatin1Char(','))));
        return 0;
    }
    if (verb == QLatin1StringView("list")) {
        for (const TokenInfo &token : tokens.list())
            std::printf(
                "%s\t%s\t%s\t%s\n", qPrintable(token.name),
                qPrintable(token.scopes.join(QLatin1Char(','))), qPrintable(token.createdAt),
                qPrintable(token.lastUsedAt.isEmpty() ? QStringLiteral("-") : token.lastUsedAt));
        return 0;
    }
    if (auto revoked = tokens.revoke(config.commandWords.value(1), now); !revoked)
        return fail(revoked.error().message);
    std::fprintf(stderr, "token \"%s\" revoked\n", qPrintable(config.commandWords.value(1)));
    return 0;
}

} // namespace ops
