#pragma once

#include <QString>
#include <QTimeZone>

#include <optional>

namespace ops::timestamps {

/// Parses an RFC 3339 timestamp with an explicit offset ("Z" or "+hh:mm"), fractions down to the
/// microsecond. Returns microseconds since the epoch, or nothing when the text is not one; then
/// `why` (when given) says what is wrong, for a refusal after the field's name.
std::optional<qint64> parse(QStringView text, QString *why = nullptr);

/// The canonical form stored in the buffer and sent out: UTC, microseconds, "+00:00".
/// Fixed width, so text order is time order and range queries work on the text.
QString format(qint64 micros);

/// Canonicalises an RFC 3339 timestamp; nothing when it is not one.
std::optional<QString> canonical(QStringView text);

/// The observing night that starts at local noon on `date` in `zone`: [start, end) in micros.
struct Window
{
    qint64 startMicros = 0;
    qint64 endMicros = 0;
};
Window nightWindow(QDate date, const QTimeZone &zone);

/// The night (by its starting date) that contains the instant, in `zone`.
QDate nightOf(qint64 micros, const QTimeZone &zone);

} // namespace ops::timestamps
