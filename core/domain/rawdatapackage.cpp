#include "rawdatapackage.h"

#include <limits>

#include "jsonfields.h"
#include "uuids.h"

#include <QSet>

namespace ops::rawdatapackage {

Result<CreateRequest> parseCreate(const QJsonObject &body)
{
    JsonFields fields(body);
    CreateRequest request;
    request.id = fields.uuid(QLatin1StringView("id"), JsonFields::Optional).value_or(QString());
    request.name = fields.text(QLatin1StringView("name"), JsonFields::Required).value_or(QString());
    request.observationId =
        fields.uuid(QLatin1StringView("executed_obs_unit_id"), JsonFields::Required)
            .value_or(QString());
    request.module = fields.text(QLatin1StringView("instrument_module"), JsonFields::Required)
                         .value_or(QString());
    const QJsonArray fileIds =
        fields.array(QLatin1StringView("file_ids"), JsonFields::Optional).value_or(QJsonArray());
    if (!fields.ok())
        return fields.error();
    QSet<QString> seen;
    for (qsizetype i = 0; i < fileIds.size(); ++i) {
        const QString id =
            fileIds.at(i).isString() ? uuids::normalized(fileIds.at(i).toString()) : QString();
        const QString field = QStringLiteral("file_ids[%1]").arg(i);
        if (id.isEmpty())
            return invalid(QStringLiteral("%1: must be a UUID, got %2")
                               .arg(field, JsonFields::show(fileIds.at(i))));
        if (seen.contains(id))
            return invalid(QStringLiteral("%1: file %2 is listed twice").arg(field, id));
        seen.insert(id);
        request.fileIds << id;
    }
    return request;
}

Result<qint64> checkMembers(const CreateRequest &request, const QHash<QString, QJsonObject> &files,
                            qint64 maxBytes)
{
    qint64 total = 0;
    for (qsizetype i = 0; i < request.fileIds.size(); ++i) {
        const QString &id = request.fileIds[i];
        const QString field = QStringLiteral("file_ids[%1]").arg(i);
        const auto found = files.constFind(id);
        if (found == files.cend())
            return invalid(QStringLiteral("%1: no raw data file %2").arg(field, id));
        const QJsonObject &file = *found;
        const QString observation =
            file.value(QLatin1StringView("executed_obs_unit_id")).toString();
        if (observation != request.observationId)
            return invalid(QStringLiteral("%1: file %2 belongs to observation %3, not %4")
                               .arg(field, id, observation, request.observationId));
        const QString module = file.value(QLatin1StringView("instrument_module")).toString();
        if (module != request.module)
            return invalid(
                QStringLiteral("%1: file %2 is from instrument module \"%3\", not \"%4\"")
                    .arg(field, id, module, request.module));
        const QJsonValue package = file.value(QLatin1StringView("raw_data_package_id"));
        if (!package.isNull())
            return conflict(QStringLiteral("%1: file %2 is already in package %3")
                                .arg(field, id, package.toString()));
        // Checked, not wrapped: a sum over 2^63 - 1 is over any limit (and central's bigint).
        if (__builtin_add_overflow(total, file.value(QLatin1StringView("size_bytes")).toInteger(),
                                   &total))
            return invalid(QStringLiteral("file_ids: the files add up to more than %1 bytes, over "
                                          "the package limit of %2 bytes")
                               .arg(std::numeric_limits<qint64>::max())
                               .arg(maxBytes));
    }
    if (total > maxBytes)
        return invalid(QStringLiteral("file_ids: the files add up to %1 bytes, over the package "
                                      "limit of %2 bytes")
                           .arg(total)
                           .arg(maxBytes));
    return total;
}

QString finalizeProblem(const QJsonObject &package)
{
    const QString status = package.value(QLatin1StringView("status")).toString();
    if (status != QLatin1StringView("building"))
        return QStringLiteral("raw data package %1 is already %2; only a building package can be "
                              "finalized")
            .arg(package.value(QLatin1StringView("id")).toString(), status);
    return {};
}

} // namespace ops::rawdatapackage
