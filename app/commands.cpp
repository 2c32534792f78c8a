#include "commands.h"

#include "buffer.h"
#include "clock.h"
#include "timestamps.h"
#include "tokenstore.h"

#include <cstdio>

namespace ops {

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "opsconsole: %s\n", qPrintable(message));
    return 1;
}
} // namespace

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
