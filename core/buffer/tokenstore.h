#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QStringList>

namespace ops {

/// A token as listed: never the secret, which is shown once at creation and then forgotten.
struct TokenInfo
{
    QString name;
    QStringList scopes;
    QString createdAt;
    QString lastUsedAt;
};

/// The scopes a token can carry (CONTRACT §3); "admin" implies all of them.
const QStringList &knownScopes();

/// API tokens for automation, kept in the buffer. Only the SHA-256 of a token is stored.
class TokenStore final
{
public:
    explicit TokenStore(QSqlDatabase db);

    /// Creates a token and returns its secret text, to be shown once.
    Result<QString> create(const QString &name, const QStringList &scopes, const QString &now);
    QList<TokenInfo> list() const;
    Status revoke(const QString &name, const QString &now);
    /// The active token with this secret, if any.
    std::optional<TokenInfo> authenticate(const QString &secret) const;

    static bool grants(const QStringList &scopes, const QString &needed);
    static QString hashOf(const QString &secret);

private:
    QSqlDatabase m_db;
};

} // namespace ops
