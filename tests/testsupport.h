#pragma once
// Helpers shared by the tests: a synchronous HTTP client over the real network stack, and direct
// reads of a buffer file so that tests assert on what was stored, not on what was answered.

#include "buffer.h"
#include "operations.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimer>
#include <QUuid>
#include <QVariant>

#include <functional>

namespace testsupport {

struct HttpResult
{
    int status = 0;
    QByteArray raw;
    QJsonDocument json;
    QJsonObject object() const { return json.object(); }
    QJsonArray array() const { return json.array(); }
    QString detail() const { return json.object().value(QLatin1StringView("detail")).toString(); }
    QList<QPair<QByteArray, QByteArray>> headers;
    /// The first header named `name` (case-insensitive), or a null QByteArray.
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

class HttpClient
{
public:
    explicit HttpClient(QString base, QString token = {})
        : m_base(std::move(base)), m_token(std::move(token))
    {}
    void setToken(const QString &token) { m_token = token; }
    QString base() const { return m_base; }

    HttpResult send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                    const QByteArray &contentType = QByteArrayLiteral("application/json"),
                    int timeoutMs = 60000)
    {
        QNetworkRequest request(QUrl(m_base + path));
        if (!m_token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        if (!body.isEmpty() && !contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *reply = m_manager.sendCustomRequest(request, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.raw = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        result.json = QJsonDocument::fromJson(result.raw);
        reply->deleteLater();
        if (observer())
            observer()(method, QUrl(m_base + path).path(), result);
        return result;
    }
    /// Sees every answer any client receives (a test may check each against the API description).
    using Observer = std::function<void(const QByteArray &method, const QString &path,
                                        const HttpResult &result)>;
    static Observer &observer()
    {
        static Observer instance;
        return instance;
    }
    HttpResult get(const QString &path) { return send("GET", path); }
    HttpResult post(const QString &path, const QJsonValue &body)
    {
        return send("POST", path, toBytes(body));
    }
    HttpResult put(const QString &path, const QJsonValue &body)
    {
        return send("PUT", path, toBytes(body));
    }
    HttpResult del(const QString &path, const QJsonValue &body = {})
    {
        return send("DELETE", path, body.isUndefined() ? QByteArray() : toBytes(body));
    }

    static QByteArray toBytes(const QJsonValue &value)
    {
        return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                               : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    }

private:
    QNetworkAccessManager m_manager;
    QString m_base;
    QString m_token;
};

/// A read-only look into a buffer file, on a connection of its own.
class BufferProbe
{
public:
    explicit BufferProbe(const QString &path)
        : m_name(QStringLiteral("probe-") + QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~BufferProbe()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    /// Runs a statement on the probe's connection (tests that damage a file on purpose).
    bool exec(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql);
    }
    /// One column of every row a statement gives.
    QVariantList column(const QString &sql, int index = 0) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        QVariantList values;
        if (q.exec(sql))
            while (q.next())
                values << q.value(index);
        return values;
    }
    QVariant scalar(const QString &sql, const QVariantList &binds = {}) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.prepare(sql);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec() || !q.next())
            return {};
        return q.value(0);
    }
    qint64 count(const QString &table, const QString &where = QStringLiteral("1"),
                 const QVariantList &binds = {}) const
    {
        return scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(table, where), binds)
            .toLongLong();
    }
    /// Every row of `table` in a stable order, one line each (values quoted by SQLite).
    QString rowsText(const QString &table) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table)))
            return QStringLiteral("unreadable: ") + q.lastError().text();
        QStringList rows;
        while (q.next()) {
            QStringList values;
            for (int c = 0; c < q.record().count(); ++c)
                values << (q.isNull(c) ? QStringLiteral("NULL") : q.value(c).toString());
            rows << values.join(QLatin1Char('|'));
        }
        rows.sort();
        return rows.join(QLatin1Char('\n'));
    }

private:
    QString m_name;
};

/// Starts an observation of `obsUnit` with the client's id `id` in one pipelined group commit on
/// `buffer`, as the REST thread does; `durable` gets the group's outcome once its sync has
/// returned. Whether the start was accepted.
inline bool startInGroup(ops::Buffer &buffer, ops::Operations &operations, qint64 obsUnit,
                         const QString &id, std::function<void(const ops::Status &)> durable)
{
    bool started = false;
    buffer.group(
        [&] {
            started = operations
                          .startObservation({{QStringLiteral("obs_unit_id"), obsUnit},
                                             {QStringLiteral("id"), id}},
                                            QStringLiteral("test"))
                          .ok();
        },
        std::move(durable));
    return started;
}

inline QString sha(char c = 'a')
{
    return QString(64, QLatin1Char(c));
}

inline QJsonObject fileBody(const QString &observation, const QString &path, qint64 size = 100,
                            const QString &module = QStringLiteral("chai-lfa"))
{
    return {{QStringLiteral("executed_obs_unit_id"), observation},
            {QStringLiteral("instrument_module"), module},
            {QStringLiteral("relative_path"), path},
            {QStringLiteral("size_bytes"), size},
            {QStringLiteral("checksum"), sha()}};
}

} // namespace testsupport
