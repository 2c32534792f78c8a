#include "rawdatafile.h"

#include "jsonfields.h"
#include "uuids.h"

#include <cmath>

namespace ops::rawdatafile {

namespace {
const QLatin1StringView kPath("relative_path"), kChecksum("checksum"),
    kAlgorithm("checksum_algorithm"), kSize("size_bytes");

bool isLowerHex(const QString &text)
{
    for (const QChar c : text)
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
              (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    return true;
}
} // namespace

const QStringList &columns()
{
    static const QStringList names{QStringLiteral("id"),
                                   QStringLiteral("executed_obs_unit_id"),
                                   QStringLiteral("instrument_module"),
                                   QStringLiteral("relative_path"),
                                   QStringLiteral("size_bytes"),
                                   QStringLiteral("checksum"),
                                   QStringLiteral("checksum_algorithm"),
                                   QStringLiteral("file_type"),
                                   QStringLiteral("created_at"),
                                   QStringLiteral("updated_at")};
    return names;
}

QString pathProblem(const QString &path)
{
    if (path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1Char('\\')) ||
        (path.size() > 1 && path.at(1) == QLatin1Char(':')))
        return QStringLiteral("must be relative, not absolute");
    if (path.contains(QChar(0)))
        return QStringLiteral("must not contain a NUL character");
    // A ".." component anywhere, with either separator (checked by hand: this runs per file of a
    // 100,000-file bulk, where a regular expression would dominate the cost).
    qsizetype componentStart = 0;
    for (qsizetype i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path.at(i) == QLatin1Char('/') || path.at(i) == QLatin1Char('\\')) {
            if (i - componentStart == 2 && path.at(componentStart) == QLatin1Char('.') &&
                path.at(componentStart + 1) == QLatin1Char('.'))
                return QStringLiteral("must not contain \"..\"");
            componentStart = i + 1;
        }
    }
    if (path.endsWith(QLatin1Char('/')))
        return QStringLiteral("must name a file, not a folder");
    return {};
}

QString checksumProblem(const QString &algorithm, const QString &checksum)
{
    const int length = algorithm == QLatin1StringView("md5") ? 32 : 64;
    if (checksum.size() != length || !isLowerHex(checksum))
        return QStringLiteral("must be %1 lowercase hex digits for %2").arg(length).arg(algorithm);
    return {};
}

QString defaultFileType(const QString &path)
{
    const QString name = path.section(QLatin1Char('/'), -1);
    const auto dot = name.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0 || dot == name.size() - 1)
        return QStringLiteral("bin");
    const QString extension = name.mid(dot + 1).toLower();
    if (extension == QLatin1StringView("fit") || extension == QLatin1StringView("fts") ||
        extension == QLatin1StringView("fits"))
        return QStringLiteral("fits");
    if (extension == QLatin1StringView("h5") || extension == QLatin1StringView("hdf") ||
        extension == QLatin1StringView("hdf5") || extension == QLatin1StringView("he5"))
        return QStringLiteral("hdf5");
    return extension;
}

namespace {
// The common case, a well-formed file, checked with direct lookups and no message building;
// anything doubtful falls through to the careful path below, which names the problem.
std::optional<QVariantList> parseFast(const QJsonObject &body, const QString &now)
{
    static const QString kIdKey = QStringLiteral("id"),
                         kObsKey = QStringLiteral("executed_obs_unit_id"),
                         kModuleKey = QStringLiteral("instrument_module"),
                         kPathKey = QStringLiteral("relative_path"),
                         kSizeKey = QStringLiteral("size_bytes"),
                         kSumKey = QStringLiteral("checksum"),
                         kAlgKey = QStringLiteral("checksum_algorithm"),
                         kTypeKey = QStringLiteral("file_type");
    static const QString kSha256 = QStringLiteral("sha256"), kMd5 = QStringLiteral("md5");
    const QJsonValue idValue = body.value(kIdKey);
    QString id;
    if (!idValue.isUndefined() && !idValue.isNull()) {
        id = idValue.isString() ? uuids::normalized(idValue.toString()) : QString();
        if (id.isEmpty())
            return std::nullopt;
    }
    const QJsonValue observation = body.value(kObsKey);
    const QString observationId =
        observation.isString() ? uuids::normalized(observation.toString()) : QString();
    const QString module = body.value(kModuleKey).toString();
    const QString path = body.value(kPathKey).toString();
    const QJsonValue size = body.value(kSizeKey);
    const QString checksum = body.value(kSumKey).toString();
    const QJsonValue algorithmValue = body.value(kAlgKey);
    const QJsonValue typeValue = body.value(kTypeKey);
    if (observationId.isEmpty() || module.trimmed().isEmpty() || path.trimmed().isEmpty() ||
        !size.isDouble())
        return std::nullopt;
    const auto sizeBytes = JsonFields::exactInteger(size);
    if (!sizeBytes || *sizeBytes < 0)
        return std::nullopt;
    QString algorithm = kSha256;
    if (!algorithmValue.isUndefined() && !algorithmValue.isNull()) {
        if (!algorithmValue.isString())
            return std::nullopt;
        algorithm = algorithmValue.toString();
        if (algorithm != kSha256 && algorithm != kMd5)
            return std::nullopt;
    }
    QString fileType;
    if (!typeValue.isUndefined() && !typeValue.isNull()) {
        fileType = typeValue.toString();
        if (!typeValue.isString() || fileType.trimmed().isEmpty())
            return std::nullopt;
    } else {
        fileType = defaultFileType(path);
    }
    if (!pathProblem(path).isEmpty() || !checksumProblem(algorithm, checksum).isEmpty())
        return std::nullopt;
    // Long or unusual text goes the careful way, which names what central could not store.
    if (path.size() > 300 || module.size() > 300 || fileType.size() > 300 ||
        module.contains(QChar(0)) || fileType.contains(QChar(0)))
        return std::nullopt;
    if (id.isEmpty())
        id = uuids::generate();
    return QVariantList{id,       observationId, module,   path, *sizeBytes,
                        checksum, algorithm,     fileType, now,  now};
}
} // namespace

Result<QVariantList> parse(const QJsonObject &body, const QString &prefix, const QString &now)
{
    if (auto row = parseFast(body, now))
        return *row;
    JsonFields fields(body, prefix);
    QString id = fields.uuid(QLatin1StringView("id"), JsonFields::Optional).value_or(QString());
    const auto observation =
        fields.uuid(QLatin1StringView("executed_obs_unit_id"), JsonFields::Required);
    const auto module = fields.text(QLatin1StringView("instrument_module"), JsonFields::Required);
    const auto path = fields.text(kPath, JsonFields::Required);
    if (path) {
        if (const QString problem = pathProblem(*path); !problem.isEmpty())
            fields.fail(kPath, problem);
    }
    const auto size = fields.integer(kSize, JsonFields::Required);
    if (size && *size < 0)
        fields.fail(kSize, QStringLiteral("must be at least 0"));
    const QString algorithm =
        fields.text(kAlgorithm, JsonFields::Optional).value_or(QStringLiteral("sha256"));
    if (fields.ok() && algorithm != QLatin1StringView("sha256") &&
        algorithm != QLatin1StringView("md5"))
        fields.fail(kAlgorithm, QStringLiteral("must be sha256 or md5"));
    const auto checksum = fields.text(kChecksum, JsonFields::Required);
    if (checksum) {
        if (const QString problem = checksumProblem(algorithm, *checksum); !problem.isEmpty())
            fields.fail(kChecksum, problem);
    }
    const auto fileType = fields.text(QLatin1StringView("file_type"), JsonFields::Optional);
    if (!fields.ok())
        return fields.error();
    if (id.isEmpty())
        id = uuids::generate();
    return QVariantList{id,    *observation, *module,   *path,
                        *size, *checksum,    algorithm, fileType.value_or(defaultFileType(*path)),
                        now,   now};
}

void shareRepeatedText(QVariantList &row, const QVariantList &previous)
{
    for (const int column : {1, 2, 7}) // executed_obs_unit_id, instrument_module, file_type
        if (row.at(column) == previous.at(column))
            row[column] = previous.at(column);
}

bool sameFile(const QVariantList &row, const QJsonObject &stored)
{
    const QStringList &names = columns();
    for (int i = 0; i < 8; ++i)
        if (QJsonValue::fromVariant(row.at(i)) != stored.value(names[i]))
            return false;
    return true;
}

} // namespace ops::rawdatafile
