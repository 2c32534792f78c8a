#include "timestamps.h"

#include <cstdio>

#include <QDate>
#include <QRegularExpression>

namespace ops::timestamps {

namespace {
constexpr qint64 kMicrosPerSecond = 1'000'000;
constexpr qint64 kUnixEpochJulianDay = 2440588;
} // namespace

std::optional<qint64> parse(QStringView text, QString *why)
{
    const auto refuse = [&](const QString &reason) -> std::optional<qint64> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    static const QRegularExpression pattern(QStringLiteral(
        "^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,9}))?"
        "(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return refuse(QStringLiteral("must be an RFC 3339 timestamp with offset, e.g. "
                                     "\"2026-11-27T03:15:00-03:00\""));
    const auto number = [&](int group) { return match.capturedView(group).toInt(); };
    const QDate date(number(1), number(2), number(3));
    const int hour = number(4), minute = number(5), second = number(6);
    if (!date.isValid())
        return refuse(number(1) == 0 ? QStringLiteral("has year 0; years run from 1 to 9999")
                                     : QStringLiteral("names a day that does not exist"));
    if (hour > 23 || minute > 59 || second > 59)
        return refuse(QStringLiteral("names a time of day that does not exist"));
    qint64 fraction = 0;
    if (match.hasCaptured(7)) {
        QString digits = match.captured(7).left(6);
        while (digits.size() < 6)
            digits.append(QLatin1Char('0'));
        fraction = digits.toLongLong();
    }
    qint64 offsetSeconds = 0;
    if (!match.hasCaptured(8)) {
        const int offHours = number(10), offMinutes = number(11);
        if (offHours > 23 || offMinutes > 59)
            return refuse(QStringLiteral("has an offset that does not exist"));
        offsetSeconds = (offHours * 3600 + offMinutes * 60) *
                        (match.capturedView(9) == QLatin1String("-") ? -1 : 1);
    }
    const qint64 days = date.toJulianDay() - kUnixEpochJulianDay;
    const qint64 seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    const qint64 micros = seconds * kMicrosPerSecond + fraction;
    // Central (timestamptz) and our fixed-width text both hold years 1 to 9999 in UTC: a year-1
    // time with a positive offset is year 0 in UTC and is refused, not stored as year -1.
    static const qint64 earliest =
        (QDate(1, 1, 1).toJulianDay() - kUnixEpochJulianDay) * 86400 * kMicrosPerSecond;
    static const qint64 latest =
        (QDate(9999, 12, 31).toJulianDay() + 1 - kUnixEpochJulianDay) * 86400 * kMicrosPerSecond -
        1;
    if (micros < earliest || micros > latest)
        return refuse(QStringLiteral("is outside years 1 to 9999 in UTC, which central holds"));
    return micros;
}

QString format(qint64 micros)
{
    qint64 seconds = micros / kMicrosPerSecond;
    qint64 fraction = micros % kMicrosPerSecond;
    if (fraction < 0) {
        fraction += kMicrosPerSecond;
        --seconds;
    }
    qint64 days = seconds / 86400;
    qint64 secondOfDay = seconds % 86400;
    if (secondOfDay < 0) {
        secondOfDay += 86400;
        --days;
    }
    const QDate date = QDate::fromJulianDay(days + kUnixEpochJulianDay);
    // Formatted in one go: a chain of seven QString::arg() was ~13,000 instructions, and every
    // acknowledgment formats the time at least once.
    char text[48];
    const int length = std::snprintf(
        text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00", date.year(), date.month(),
        date.day(), static_cast<int>(secondOfDay / 3600), static_cast<int>(secondOfDay / 60 % 60),
        static_cast<int>(secondOfDay % 60), static_cast<int>(fraction));
    return QString::fromLatin1(text, length);
}

std::optional<QString> canonical(QStringView text)
{
    const auto micros = parse(text);
    if (!micros)
        return std::nullopt;
    return format(*micros);
}

Window nightWindow(QDate date, const QTimeZone &zone)
{
    const QDateTime start(date, QTime(12, 0), zone);
    const QDateTime end(date.addDays(1), QTime(12, 0), zone);
    return {start.toMSecsSinceEpoch() * 1000, end.toMSecsSinceEpoch() * 1000};
}

QDate nightOf(qint64 micros, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(micros / 1000, zone);
    return local.time().hour() < 12 ? local.date().addDays(-1) : local.date();
}

} // namespace ops::timestamps
