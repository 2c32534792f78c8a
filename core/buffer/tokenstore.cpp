#include "tokenstore.h"

#include "sqlsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlQuery>

#include <sqlite3.h>

namespace ops {

const QStringList &knownScopes()
{
    static const QStringList scopes{
        QStringLiteral("read"),          QStringLiteral("write:observations"),
        QStringLiteral("write:files"),   QStringLiteral("write:packages"),
        QStringLiteral("write:staging"), QStringLiteral("admin")};
    return scopes;
}

TokenStore::TokenStore(QSqlDatabase db) : m_db(std::move(db)) {}

QString TokenStore::hashOf(const QString &secret)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool TokenStore::grants(const QStringList &scopes, const QString &needed)
{
    return scopes.contains(QLatin1StringView("admin")) || scopes.contains(needed);
}

Result<QString> TokenStore::create(const QString &name, const QStringList &scopes,
                                   const QString &now)
{
    if (name.trimmed().isEmpty())
        return invalid(QStringLiteral("--name: a token needs a name"));
    if (scopes.isEmpty())
        return invalid(QStringLiteral("--scopes: at least one scope is needed (%1)")
                           .arg(knownScopes().join(QLatin1StringView(", "))));
    for (const QString &scope : scopes)
        if (!knownScopes().contains(scope))
            return invalid(QStringLiteral("--scopes: unknown scope \"%1\" (known: %2)")
                               .arg(scope, knownScopes().join(QLatin1StringView(", "))));
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()),
                                          random.size() / 4);
    const QString secret = QStringLiteral("ops_") +
                           QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding |
                                                               QByteArray::OmitTrailingEquals));
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO api_token (name, token_sha256, scopes, created_at) VALUES (?, ?, ?, ?)"));
    query.addBindValue(name.trimmed());
    query.addBindValue(hashOf(secret));
    query.addBindValue(scopes.join(QLatin1Char(',')));
    query.addBindValue(now);
    if (!query.exec()) {
        if (sql::isUniqueViolation(query))
            return conflict(
                QStringLiteral("--name: a token named \"%1\" already exists; revoke it first")
                    .arg(name));
        return sql::failure(query, QStringLiteral("api_token"));
    }
    return secret;
}

QList<TokenInfo> TokenStore::list() const
{
    QList<TokenInfo> tokens;
    QSqlQuery query(m_db);
    query.exec(QStringLiteral("SELECT name, scopes, created_at, last_used_at FROM api_token WHERE "
                              "revoked_at IS NULL ORDER BY name"));
    while (query.next())
        tokens.append({query.value(0).toString(), query.value(1).toString().split(QLatin1Char(',')),
                       query.value(2).toString(), query.value(3).toString()});
    return tokens;
}

Status TokenStore::revoke(const QString &name, const QString &now)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL"));
    query.addBindValue(now);
    query.addBindValue(name);
    if (!query.exec())
        return sql::failure(query, QStringLiteral("api_token"));
    if (query.numRowsAffected() == 0)
        return notFound(QStringLiteral("NAME: no active token named \"%1\"").arg(name));
    return success();
}

std::optional<TokenInfo> TokenStore::authenticate(const QString &secret) const
{
    if (secret.isEmpty())
        return std::nullopt;
    // Every request asks: the statement is prepared once per connection (its text never
    // changes; the hash is bound). A revocation by another process is seen at the next request.
    // Bound and stepped through SQLite's own API (see sql::prepareCachedStatement), and reset at
    // once: no read transaction is left open between requests.
    auto prepared = sql::prepareCachedStatement(
        m_db, QStringLiteral("SELECT name, scopes, created_at FROM api_token WHERE "
                             "token_sha256 = ? AND revoked_at IS NULL"));
    if (!prepared)
        return std::nullopt;
    sqlite3_stmt *statement = prepared.value();
    // Automation sends the same token with every request: its SHA-256 (~7,000 instructions, 3%
    // of an acknowledgment) is remembered per thread for the last secret seen. The lookup below
    // still runs every time, so a revocation is seen at the next request as before.
    thread_local QString lastSecret;
    thread_local QString lastSecretHash;
    if (secret != lastSecret) {
        lastSecretHash = hashOf(secret);
        lastSecret = secret;
    }
    QByteArray hash;
    sql::bindText(statement, 1, lastSecretHash, hash);
    const auto reset = qScopeGuard([statement] { sql::release(statement); });
    if (sqlite3_step(statement) != SQLITE_ROW)
        return std::nullopt;
    const auto text = [statement](int column) {
        return QString::fromUtf8(
            reinterpret_cast<const char *>(sqlite3_column_text(statement, column)),
            sqlite3_column_bytes(statement, column));
    };
    return TokenInfo{text(0), text(1).split(QLatin1Char(',')), text(2), {}};
}

} // namespace ops
