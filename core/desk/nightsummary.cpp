#include "nightsummary.h"

#include "timestamps.h"

#include <QJsonObject>

namespace ops {

NightSummary NightSummary::of(const QJsonArray &nightLog, qint64 nowMicros)
{
    NightSummary s;
    for (const QJsonValue &v : nightLog) {
        const QJsonObject o = v.toObject();
        ++s.observations;
        const qint64 start = timestamps::parse(o.value(QLatin1StringView("start_time")).toString())
                                 .value_or(nowMicros);
        const QJsonValue endValue = o.value(QLatin1StringView("end_time"));
        const qint64 end = endValue.isString()
                               ? timestamps::parse(endValue.toString()).value_or(start)
                               : std::max(start, nowMicros);
        s.observingSeconds += (end - start) / 1000000;
        ++s.byStatus[o.value(QLatin1StringView("status")).toString()];
        const QJsonArray modules = o.value(QLatin1StringView("instrument_modules")).toArray();
        const QString module = modules.isEmpty() ? QString() : modules.first().toString();
        ++s.observationsByModule[module];
        s.filesByModule[module] += o.value(QLatin1StringView("file_count")).toInteger();
        s.bytesByModule[module] += o.value(QLatin1StringView("total_size_bytes")).toInteger();
        const QString sync = o.value(QLatin1StringView("sync_state")).toString();
        if (sync == QLatin1StringView("synced"))
            ++s.synced;
        else if (sync == QLatin1StringView("failed"))
            ++s.failed;
        else
            ++s.pending;
    }
    return s;
}

const QStringList &nightLogCsvColumns()
{
    static const QStringList columns{QStringLiteral("id"),
                                     QStringLiteral("obs_unit_id"),
                                     QStringLiteral("site"),
                                     QStringLiteral("status"),
                                     QStringLiteral("start_time"),
                                     QStringLiteral("end_time"),
                                     QStringLiteral("instrument_modules"),
                                     QStringLiteral("file_count"),
                                     QStringLiteral("package_count"),
                                     QStringLiteral("total_size_bytes"),
                                     QStringLiteral("mean_pwv"),
                                     QStringLiteral("mean_elevation"),
                                     QStringLiteral("operator"),
                                     QStringLiteral("sync_state")};
    return columns;
}

namespace {
QByteArray csvField(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r'))
        return '"' + utf8.replace('"', "\"\"") + '"';
    return utf8;
}
} // namespace

QByteArray nightLogCsv(const QJsonArray &nightLog)
{
    QByteArray out = nightLogCsvColumns().join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (const QJsonValue &v : nightLog) {
        const QJsonObject o = v.toObject();
        QByteArrayList fields;
        for (const QString &column : nightLogCsvColumns()) {
            const QJsonValue value = o.value(column);
            QString text;
            if (value.isArray()) {
                QStringList parts;
                for (const QJsonValue &p : value.toArray())
                    parts << p.toString();
                text = parts.join(QLatin1Char(' '));
            } else if (value.isDouble()) {
                text = QString::number(value.toDouble(), 'g', 15);
            } else if (!value.isNull() && !value.isUndefined()) {
                text = value.toString();
            }
            fields << csvField(text);
        }
        out += fields.join(',') + "\r\n";
    }
    return out;
}

} // namespace ops
