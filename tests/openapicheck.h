#pragma once
// Checks REST answers against the OpenAPI document the console serves: the status must be one the
// document lists for that route, and a JSON body must fit the schema listed for it (the subset of
// JSON Schema the document uses: $ref, type, required, properties, additionalProperties, items,
// enum, minimum, maximum, format uuid).
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace testsupport {

class OpenApiCheck
{
public:
    explicit OpenApiCheck(QJsonObject document) : m_doc(std::move(document)) {}

    /// Empty when the answer fits; otherwise what does not.
    QString check(const QString &method, const QString &path, int status,
                  const QJsonValue &body) const
    {
        const QJsonObject paths = m_doc.value(QLatin1StringView("paths")).toObject();
        // The most literal template that fits names the route, as in the router.
        qsizetype mostLiteral = -1;
        for (auto it = paths.begin(); it != paths.end(); ++it)
            if (templateMatches(it.key(), path))
                mostLiteral = std::max(mostLiteral, literals(it.key()));
        for (auto it = paths.begin(); it != paths.end(); ++it) {
            if (!templateMatches(it.key(), path) || literals(it.key()) != mostLiteral)
                continue;
            const QJsonObject op = it.value().toObject().value(method.toLower()).toObject();
            if (op.isEmpty())
                continue; // another method on this path: a 405, not described per operation
            const QJsonObject responses = op.value(QLatin1StringView("responses")).toObject();
            const QJsonObject response = responses.value(QString::number(status)).toObject();
            if (response.isEmpty())
                return QStringLiteral("%1 %2: status %3 is not in the description")
                    .arg(method, it.key())
                    .arg(status);
            const QJsonObject schema = response.value(QLatin1StringView("content"))
                                           .toObject()
                                           .value(QLatin1StringView("application/json"))
                                           .toObject()
                                           .value(QLatin1StringView("schema"))
                                           .toObject();
            if (schema.isEmpty())
                return {};
            const QString problem = fits(body, schema, QStringLiteral("body"));
            return problem.isEmpty() ? QString()
                                     : QStringLiteral("%1 %2 %3: %4")
                                           .arg(method, it.key())
                                           .arg(status)
                                           .arg(problem);
        }
        return {}; // unknown paths answer 404, which no operation describes
    }

private:
    QJsonObject m_doc;

    static qsizetype literals(const QString &pattern)
    {
        qsizetype n = 0;
        for (const QString &segment : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts))
            n += segment.startsWith(QLatin1Char('{')) ? 0 : 1;
        return n;
    }

    static bool templateMatches(const QString &pattern, const QString &path)
    {
        const QStringList a = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        const QStringList b = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i)
            if (!a[i].startsWith(QLatin1Char('{')) && a[i] != b[i])
                return false;
        return true;
    }

    QJsonObject resolve(QJsonObject schema) const
    {
        while (schema.contains(QLatin1StringView("$ref"))) {
            const QString name =
                schema.value(QLatin1StringView("$ref")).toString().section(QLatin1Char('/'), -1);
            schema = m_doc.value(QLatin1StringView("components"))
                         .toObject()
                         .value(QLatin1StringView("schemas"))
                         .toObject()
                         .value(name)
                         .toObject();
        }
        return schema;
    }

    QString fits(const QJsonValue &value, const QJsonObject &unresolved, const QString &at) const
    {
        const QJsonObject schema = resolve(unresolved);
        const QString type = schema.value(QLatin1StringView("type")).toString();
        if (value.isNull())
            return {}; // nullable columns read back as null (CONTRACT §6)
        if (type == QLatin1StringView("object")) {
            if (!value.isObject())
                return at + QStringLiteral(": not an object");
            const QJsonObject object = value.toObject();
            for (const QJsonValue &name : schema.value(QLatin1StringView("required")).toArray())
                if (!object.contains(name.toString()))
                    return at + QStringLiteral(".%1: missing").arg(name.toString());
            const QJsonObject properties = schema.value(QLatin1StringView("properties")).toObject();
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (properties.contains(it.key())) {
                    if (QString p = fits(it.value(), properties.value(it.key()).toObject(),
                                         at + QLatin1Char('.') + it.key());
                        !p.isEmpty())
                        return p;
                } else if (!schema.value(QLatin1StringView("additionalProperties")).toBool(true)) {
                    return at + QStringLiteral(".%1: not in the schema").arg(it.key());
                }
            }
            return {};
        }
        if (type == QLatin1StringView("array")) {
            if (!value.isArray())
                return at + QStringLiteral(": not a list");
            const QJsonArray list = value.toArray();
            for (qsizetype i = 0; i < list.size(); ++i)
                if (QString p =
                        fits(list.at(i), schema.value(QLatin1StringView("items")).toObject(),
                             at + QStringLiteral("[%1]").arg(i));
                    !p.isEmpty())
                    return p;
            return {};
        }
        if (type == QLatin1StringView("string")) {
            if (!value.isString())
                return at + QStringLiteral(": not a string");
            if (schema.value(QLatin1StringView("format")).toString() == QLatin1StringView("uuid") &&
                !QRegularExpression(
                     QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                    "[0-9a-f]{12}$"))
                     .match(value.toString())
                     .hasMatch())
                return at + QStringLiteral(": not a UUID");
            const QJsonArray choices = schema.value(QLatin1StringView("enum")).toArray();
            if (!choices.isEmpty() && !choices.contains(value))
                return at + QStringLiteral(": not one of the listed values");
            return {};
        }
        if (type == QLatin1StringView("integer") || type == QLatin1StringView("number"))
            return value.isDouble() ? QString() : at + QStringLiteral(": not a number");
        return {};
    }
};

} // namespace testsupport
