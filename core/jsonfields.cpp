#include "jsonfields.h"

#include "timestamps.h"
#include "uuids.h"

#include <QJsonDocument>

#include <cmath>

namespace ops {

JsonFields::JsonFields(const QJsonObject &object, QString prefix)
    : m_object(object), m_prefix(std::move(prefix))
{}

bool JsonFields::has(QLatin1StringView key) const
{
    const QJsonValue value = m_object.value(key);
    return !value.isUndefined() && !value.isNull();
}

QString JsonFields::fieldName(QLatin1StringView key) const
{
    return m_prefix.isEmpty() ? QString(key) : m_prefix + QLatin1Char('.') + key;
}

QString JsonFields::show(const QJsonValue &value)
{
    QString text;
    if (value.isString())
        text = QLatin1Char('"') + value.toString() + QLatin1Char('"');
    else if (value.isUndefined())
        text = QStringLiteral("nothing");
    else
        text = QString::fromUtf8(
            QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1));
    return text.size() > 80 ? text.left(77) + QStringLiteral("...") : text;
}

void JsonFields::fail(QLatin1StringView key, const QString &problem)
{
    if (m_error)
        return;
    m_error = invalid(
        QStringLiteral("%1: %2, got %3").arg(fieldName(key), problem, show(m_object.value(key))));
}

void JsonFields::failWith(ErrorKind kind, QLatin1StringView key, const QString &problem)
{
    if (m_error)
        return;
    m_error = Error{kind, QStringLiteral("%1: %2").arg(fieldName(key), problem)};
}

bool JsonFields::missing(QLatin1StringView key, Need need)
{
    if (has(key))
        return false;
    if (need == Required && !m_error)
        m_error = invalid(QStringLiteral("%1: is required").arg(fieldName(key)));
    return true;
}

std::optional<QString> JsonFields::text(QLatin1StringView key, Need need)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isString()) {
        fail(key, QStringLiteral("must be a string"));
        return std::nullopt;
    }
    const QString text = value.toString();
    if (text.trimmed().isEmpty()) {
        fail(key, QStringLiteral("must not be empty"));
        return std::nullopt;
    }
    return text;
}

std::optional<qint64> JsonFields::integer(QLatin1StringView key, Need need)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    const double asDouble = value.toDouble();
    if (!value.isDouble() || std::floor(asDouble) != asDouble || std::abs(asDouble) > 9.0e18) {
        fail(key, QStringLiteral("must be an integer"));
        return std::nullopt;
    }
    return value.toInteger(static_cast<qint64>(asDouble));
}

std::optional<double> JsonFields::number(QLatin1StringView key, Need need)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        fail(key, QStringLiteral("must be a number"));
        return std::nullopt;
    }
    return value.toDouble();
}

std::optional<QJsonObject> JsonFields::object(QLatin1StringView key, Need need)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isObject()) {
        fail(key, QStringLiteral("must be a JSON object"));
        return std::nullopt;
    }
    return value.toObject();
}

std::optional<QJsonArray> JsonFields::array(QLatin1StringView key, Need need)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(key, QStringLiteral("must be a list"));
        return std::nullopt;
    }
    return value.toArray();
}

std::optional<QString> JsonFields::timestamp(QLatin1StringView key, Need need)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    const auto stamp = value.isString() ? timestamps::canonical(value.toString()) : std::nullopt;
    if (!stamp)
        fail(key, QStringLiteral("must be an RFC 3339 timestamp with offset, e.g. "
                                 "\"2026-11-27T03:15:00-03:00\""));
    return stamp;
}

std::optional<QString> JsonFields::uuid(QLatin1StringView key, Need need)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    const QString id = value.isString() ? uuids::normalized(value.toString()) : QString();
    if (id.isEmpty()) {
        fail(key, QStringLiteral("must be a UUID"));
        return std::nullopt;
    }
    return id;
}

} // namespace ops
