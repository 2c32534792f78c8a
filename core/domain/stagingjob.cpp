#include "stagingjob.h"

#include "jsonfields.h"
#include "uuids.h"

namespace ops::stagingjob {

bool canCancel(const QString &status)
{
    return kCancellable.contains(status);
}

Result<StageRequest> parseStage(const QJsonObject &body)
{
    JsonFields fields(body);
    StageRequest request;
    request.id = fields.uuid(QLatin1StringView("id"), JsonFields::Optional).value_or(QString());
    const auto packages =
        fields.array(QLatin1StringView("raw_data_package_ids"), JsonFields::Required);
    if (packages && packages->isEmpty())
        fields.fail(QLatin1StringView("raw_data_package_ids"),
                    QStringLiteral("must list at least one package"));
    request.destination =
        fields.text(QLatin1StringView("destination"), JsonFields::Required).value_or(QString());
    request.reason =
        fields.text(QLatin1StringView("reason"), JsonFields::Optional).value_or(QString());
    if (!fields.ok())
        return fields.error();
    for (qsizetype i = 0; i < packages->size(); ++i) {
        const QJsonValue value = packages->at(i);
        const QString id = value.isString() ? uuids::normalized(value.toString()) : QString();
        if (id.isEmpty())
            return invalid(QStringLiteral("raw_data_package_ids[%1]: must be a UUID, got %2")
                               .arg(i)
                               .arg(JsonFields::show(value)));
        if (request.packageIds.contains(id))
            return invalid(QStringLiteral("raw_data_package_ids[%1]: package %2 is listed twice")
                               .arg(i)
                               .arg(id));
        request.packageIds << id;
    }
    return request;
}

} // namespace ops::stagingjob
