#include "observation.h"

#include "jsonfields.h"
#include "timestamps.h"
#include "uuids.h"

#include <QJsonDocument>

namespace ops::observation {

bool isFinal(const QString &status)
{
    return kFinishStatuses.contains(status);
}

bool canTransition(const QString &from, const QString &to)
{
    return from == QLatin1StringView("running") && kFinishStatuses.contains(to);
}

Result<StartRequest> parseStart(const QJsonObject &body)
{
    JsonFields fields(body);
    StartRequest request;
    const auto obsUnitId =
        fields.integer(QLatin1StringView("obs_unit_id"), JsonFields::Required, 1, 2147483647);
    request.obsUnitId = obsUnitId.value_or(0);
    request.id = fields.uuid(QLatin1StringView("id"), JsonFields::Optional).value_or(QString());
    request.startTime =
        fields.timestamp(QLatin1StringView("start_time"), JsonFields::Optional).value_or(QString());
    request.obsInfo =
        fields.object(QLatin1StringView("obs_info"), JsonFields::Optional).value_or(QJsonObject());
    request.site = fields.text(QLatin1StringView("site"), JsonFields::Optional).value_or(QString());
    if (!fields.ok())
        return fields.error();
    return request;
}

const QStringList &startColumns()
{
    static const QStringList columns{
        QStringLiteral("id"),       QStringLiteral("obs_unit_id"), QStringLiteral("site"),
        QStringLiteral("status"),   QStringLiteral("start_time"),  QStringLiteral("end_time"),
        QStringLiteral("obs_info"), QStringLiteral("mean_pwv"),    QStringLiteral("mean_elevation"),
        QStringLiteral("operator"), QStringLiteral("created_at"),  QStringLiteral("updated_at")};
    return columns;
}

StartRow startRow(const StartRequest &request, const QString &defaultSite, const QString &actor,
                  const QString &now)
{
    StartRow start{request.id.isEmpty() ? uuids::generate() : request.id, {}};
    const QByteArray obsInfo = QJsonDocument(request.obsInfo).toJson(QJsonDocument::Compact);
    RowBlock &row = start.row;
    row.reserve(1, 384 + obsInfo.size()); // the row's bytes, allocated once
    row.beginRow();
    row.addText(QStringView(start.id));
    row.addInteger(request.obsUnitId);
    row.addText(QStringView(request.site.isEmpty() ? defaultSite : request.site));
    row.addText(QByteArrayView("running"));
    row.addText(QStringView(request.startTime.isEmpty() ? now : request.startTime));
    row.addNull();
    row.addText(QByteArrayView(obsInfo));
    row.addNull();
    row.addNull();
    row.addText(QStringView(actor));
    row.addText(QStringView(now));
    row.addText(QStringView(now));
    row.endRow();
    return start;
}

Result<FinishChange> finish(const QJsonObject &current, const QJsonObject &body, qint64 nowMicros)
{
    JsonFields fields(body);
    const QLatin1StringView kStatus("status"), kEnd("end_time"), kPwv("mean_pwv"),
        kElevation("mean_elevation");
    const QString status =
        fields.text(kStatus, JsonFields::Optional).value_or(QStringLiteral("completed"));
    if (fields.ok() && !kFinishStatuses.contains(status))
        fields.fail(kStatus, QStringLiteral("must be one of completed, failed, aborted"));
    const auto endTime = fields.timestamp(kEnd, JsonFields::Optional);
    const auto obsInfo = fields.object(QLatin1StringView("obs_info"), JsonFields::Optional);
    const auto pwv = fields.number(kPwv, JsonFields::Optional);
    if (pwv && *pwv < 0)
        fields.fail(kPwv, QStringLiteral("must be at least 0 (mm)"));
    const auto elevation = fields.number(kElevation, JsonFields::Optional);
    if (elevation && (*elevation < 0 || *elevation > 90))
        fields.fail(kElevation, QStringLiteral("must be between 0 and 90 (degrees)"));
    if (!fields.ok())
        return fields.error();

    const QString currentStatus = current.value(kStatus).toString();
    if (!canTransition(currentStatus, status))
        return conflict(QStringLiteral("executed observation %1 is already %2; only a running "
                                       "observation can be finished")
                            .arg(current.value(QLatin1StringView("id")).toString(), currentStatus));

    const qint64 start =
        timestamps::parse(current.value(QLatin1StringView("start_time")).toString()).value_or(0);
    qint64 end = endTime ? *timestamps::parse(*endTime) : std::max(nowMicros, start);
    if (end < start)
        return invalid(
            QStringLiteral("end_time: must not be before start_time %1, got \"%2\"")
                .arg(current.value(QLatin1StringView("start_time")).toString(), *endTime));

    FinishChange change;
    change.set.insert(kStatus, status);
    change.set.insert(kEnd, timestamps::format(end));
    if (pwv)
        change.set.insert(kPwv, *pwv);
    if (elevation)
        change.set.insert(kElevation, *elevation);
    change.set.insert(QStringLiteral("updated_at"), timestamps::format(nowMicros));
    if (obsInfo)
        change.obsInfoPatch = *obsInfo;
    return change;
}

} // namespace ops::observation
