#pragma once

#include "result.h"

#include <QJsonArray>
#include <QJsonObject>

#include <limits>
#include <optional>

namespace ops {

/// Reads typed fields out of a request object. The first problem found is kept as an Error whose
/// message names the field (with its position in a list, e.g. "[17].checksum") and the value,
/// so every refusal tells the client exactly what to fix.
class JsonFields
{
public:
    enum Need
    {
        Optional,
        Required
    };

    explicit JsonFields(const QJsonObject &object, QString prefix = {});

    /// Present and not null.
    bool has(QLatin1StringView key) const;
    QJsonValue raw(QLatin1StringView key) const { return m_object.value(key); }

    std::optional<QString> text(QLatin1StringView key, Need need);
    /// An exact integer within [min, max]; the refusal states that range.
    std::optional<qint64> integer(QLatin1StringView key, Need need,
                                  qint64 min = std::numeric_limits<qint64>::min(),
                                  qint64 max = std::numeric_limits<qint64>::max());
    std::optional<double> number(QLatin1StringView key, Need need);
    std::optional<QJsonObject> object(QLatin1StringView key, Need need);
    std::optional<QJsonArray> array(QLatin1StringView key, Need need);
    /// RFC 3339 with offset, returned in the canonical stored form.
    std::optional<QString> timestamp(QLatin1StringView key, Need need);
    /// A UUID, returned in canonical lowercase form.
    std::optional<QString> uuid(QLatin1StringView key, Need need);

    /// Records a rule violation for `key`: "key: <problem>, got <value>".
    void fail(QLatin1StringView key, const QString &problem);
    /// Records a rule violation with a custom message, naming the field.
    void failWith(ErrorKind kind, QLatin1StringView key, const QString &problem);

    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }
    QString fieldName(QLatin1StringView key) const;

    /// Why central could not store this text, or empty: a NUL character, a lone surrogate, or
    /// more than kMaxTextBytes of UTF-8 (PostgreSQL's btree rows hold paths and names only so
    /// long; CONTRACT §6 sets 1,024 bytes).
    static QString storableTextProblem(const QString &text);
    static constexpr qsizetype kMaxTextBytes = 1024;

    /// A JSON number that is a whole number within 64 bits, exactly as sent.
    static std::optional<qint64> exactInteger(const QJsonValue &value);

    /// "<prefix><key>: unknown field (allowed: ...)" for the first key of `object` not in
    /// `allowed`, or empty.
    static QString unknownField(const QJsonObject &object, const QStringList &allowed,
                                const QString &prefix = {});

    /// Compact JSON text of a value for messages, cut to a readable length.
    static QString show(const QJsonValue &value);

private:
    bool missing(QLatin1StringView key, Need need);

    QJsonObject m_object;
    QString m_prefix;
    std::optional<Error> m_error;
};

} // namespace ops
