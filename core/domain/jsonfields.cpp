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

QString JsonFields::storableTextProblem(const QString &text)
{
    if (text.contains(QChar(0)))
        return QStringLiteral("must not contain a NUL character, which central cannot store");
    if (!text.isValidUtf16())
        return QStringLiteral("must not contain a lone UTF-16 surrogate");
    // Three UTF-8 bytes per UTF-16 unit at most: the exact count only for long texts.
    if (text.size() * 3 > kMaxTextBytes && text.toUtf8().size() > kMaxTextBytes)
        return QStringLiteral("must be at most %1 bytes of UTF-8 (central indexes it), got %2")
            .arg(kMaxTextBytes)
            .arg(text.toUtf8().size());
    return {};
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

QString JsonFields::unknownField(const QJsonObject &object, const QStringList &allowed,
                                 const QString &prefix)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!allowed.contains(it.key()))
            return QStringLiteral("%1%2: unknown field (allowed: %3)")
                .arg(prefix, it.key(), allowed.join(QLatin1StringView(", ")));
    return {};
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
    if (const QString problem = storableTextProblem(text); !problem.isEmpty()) {
        fail(key, problem);
        return std::nullopt;
    }
    return text;
}

std::optional<qint64> JsonFields::integer(QLatin1StringView key, Need need, qint64 min, qint64 max)
{
    if (m_error || missing(key, need))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    const auto exact = exactInteger(value);
    if (exact && *exact >= min && *exact <= max)
        return exact;
    // Only a refusal formats its text: every start and file reads an integer.
    const QString range =
        QStringLiteral("must be an integer from %1 to %2")
            .arg(min == std::numeric_limits<qint64>::min() ? QStringLiteral("-2^63")
                                                           : QString::number(min),
                 max == std::numeric_limits<qint64>::max() ? QStringLiteral("2^63 - 1")
                                                           : QString::number(max));
    if (!exact && value.isDouble() && std::abs(value.toDouble()) >= 9.2e18)
        // A number past 2^63 arrives as a double: shown as one, not as digits it never had.
        failWith(ErrorKind::Invalid, key,
                 QStringLiteral("%1, got %2").arg(range).arg(value.toDouble(), 0, 'g', 17));
    else
        fail(key, range);
    return std::nullopt;
}

std::optional<qint64> JsonFields::exactInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    // Qt 6 keeps a JSON integer that fits in 64 bits as an integer: exact, never via a double.
    const QVariant stored = value.toVariant();
    if (stored.typeId() == QMetaType::LongLong)
        return stored.toLongLong();
    const double d = value.toDouble();
    if (std::floor(d) != d || std::abs(d) >= 9.2e18)
        return std::nullopt;
    return static_cast<qint64>(d);
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
    QString why = QStringLiteral("must be an RFC 3339 timestamp with offset, e.g. "
                                 "\"2026-11-27T03:15:00-03:00\"");
    const auto micros = value.isString() ? timestamps::parse(value.toString(), &why) : std::nullopt;
    if (!micros) {
        fail(key, why);
        return std::nullopt;
    }
    return timestamps::format(*micros);
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
