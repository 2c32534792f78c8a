#pragma once

#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

/// Rules of a raw data package (CONTRACT §2): building -> complete by finalize, files of one
/// observation and one instrument module only, each file in at most one package, total size never
/// above the package limit.
namespace ops::rawdatapackage {

inline constexpr qint64 kDefaultMaxBytes = 53687091200; // 50 GiB

struct CreateRequest
{
    QString id;
    QString name;
    QString observationId;
    QString module;
    QStringList fileIds;
};
Result<CreateRequest> parseCreate(const QJsonObject &body);

/// Checks that `files` (the stored rows for request.fileIds, in that order, missing ones absent
/// from the map) may form the package; returns their total size.
Result<qint64> checkMembers(const CreateRequest &request, const QHash<QString, QJsonObject> &files,
                            qint64 maxBytes);

/// Why `package` cannot be finalized, or an empty string.
QString finalizeProblem(const QJsonObject &package);

} // namespace ops::rawdatapackage
