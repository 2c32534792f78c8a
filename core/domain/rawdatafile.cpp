#include "rawdatafile.h"

#include "jsonfields.h"
#include "uuids.h"

#include <array>
#include <cmath>
#include <string_view>

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
/// One field of a file as the client gave it, whether read from a QJsonObject or from the text.
struct Given
{
    enum Kind
    {
        Absent,
        Null,
        Text,
        Integer,
        Other
    };
    Kind kind = Absent;
    QString text;
    qint64 integer = 0;

    bool absentOrNull() const { return kind == Absent || kind == Null; }
};

struct GivenFile
{
    Given id, observation, module, path, size, checksum, algorithm, type;
};

Given givenOf(const QJsonValue &value)
{
    Given given;
    if (value.isUndefined())
        return given;
    if (value.isNull()) {
        given.kind = Given::Null;
    } else if (value.isString()) {
        given.kind = Given::Text;
        given.text = value.toString();
    } else if (const auto exact = JsonFields::exactInteger(value)) {
        given.kind = Given::Integer;
        given.integer = *exact;
    } else {
        given.kind = Given::Other;
    }
    return given;
}

// The common case, a well-formed file, checked with direct tests and no message building;
// anything doubtful falls through to the careful path in parse(), which names the problem.
std::optional<QVariantList> checkFast(const GivenFile &file, const QString &now)
{
    static const QString kSha256 = QStringLiteral("sha256"), kMd5 = QStringLiteral("md5");
    QString id;
    if (!file.id.absentOrNull()) {
        id = file.id.kind == Given::Text ? uuids::normalized(file.id.text) : QString();
        if (id.isEmpty())
            return std::nullopt;
    }
    if (file.observation.kind != Given::Text || file.module.kind != Given::Text ||
        file.path.kind != Given::Text || file.checksum.kind != Given::Text ||
        file.size.kind != Given::Integer || file.size.integer < 0)
        return std::nullopt;
    const QString observationId = uuids::normalized(file.observation.text);
    const QString &module = file.module.text;
    const QString &path = file.path.text;
    const QString &checksum = file.checksum.text;
    if (observationId.isEmpty() || module.trimmed().isEmpty() || path.trimmed().isEmpty())
        return std::nullopt;
    QString algorithm = kSha256;
    if (!file.algorithm.absentOrNull()) {
        if (file.algorithm.kind != Given::Text)
            return std::nullopt;
        if (file.algorithm.text == kMd5)
            algorithm = kMd5;
        else if (file.algorithm.text != kSha256)
            return std::nullopt;
    }
    QString fileType;
    if (!file.type.absentOrNull()) {
        if (file.type.kind != Given::Text || file.type.text.trimmed().isEmpty())
            return std::nullopt;
        fileType = file.type.text;
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
    return QVariantList{id,       observationId, module,   path, file.size.integer,
                        checksum, algorithm,     fileType, now,  now};
}

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
    return checkFast(GivenFile{givenOf(body.value(kIdKey)), givenOf(body.value(kObsKey)),
                               givenOf(body.value(kModuleKey)), givenOf(body.value(kPathKey)),
                               givenOf(body.value(kSizeKey)), givenOf(body.value(kSumKey)),
                               givenOf(body.value(kAlgKey)), givenOf(body.value(kTypeKey))},
                     now);
}

/// Reads the plain common shape of one file's JSON object straight from its text: the known keys
/// once each, ASCII strings without escapes, integers of up to 18 digits, null. Anything else
/// (an escape, another key, a repeated key, a fraction, true/false, a nested value) answers
/// std::nullopt, and the caller reads the file the careful way.
class FileTextReader
{
public:
    explicit FileTextReader(QByteArrayView text) : m_at(text.data()), m_end(m_at + text.size()) {}

    std::optional<GivenFile> read()
    {
        GivenFile file;
        unsigned seen = 0;
        skipSpace();
        if (!take('{'))
            return std::nullopt;
        skipSpace();
        if (take('}'))
            return file;
        for (;;) {
            QByteArrayView key;
            if (!plainString(key))
                return std::nullopt;
            const int slot = slotOf(key);
            if (slot < 0 || (seen & (1u << slot)))
                return std::nullopt;
            seen |= 1u << slot;
            skipSpace();
            if (!take(':'))
                return std::nullopt;
            skipSpace();
            if (!value(fieldAt(file, slot)))
                return std::nullopt;
            skipSpace();
            if (take('}'))
                break;
            if (!take(','))
                return std::nullopt;
            skipSpace();
        }
        skipSpace();
        if (m_at != m_end)
            return std::nullopt;
        return file;
    }

private:
    static int slotOf(QByteArrayView key)
    {
        static constexpr std::array<std::string_view, 8> kKeys{
            "id",       "executed_obs_unit_id", "instrument_module", "relative_path", "size_bytes",
            "checksum", "checksum_algorithm",   "file_type"};
        const std::string_view name(key.data(), static_cast<size_t>(key.size()));
        for (size_t i = 0; i < kKeys.size(); ++i)
            if (kKeys[i] == name)
                return static_cast<int>(i);
        return -1;
    }
    static Given &fieldAt(GivenFile &file, int slot)
    {
        Given *fields[] = {&file.id,   &file.observation, &file.module,    &file.path,
                           &file.size, &file.checksum,    &file.algorithm, &file.type};
        return *fields[slot];
    }
    bool take(char c)
    {
        if (m_at == m_end || *m_at != c)
            return false;
        ++m_at;
        return true;
    }
    void skipSpace()
    {
        while (m_at != m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }
    /// A string of printable ASCII without escapes; its content (without the quotes) in `out`.
    bool plainString(QByteArrayView &out)
    {
        if (!take('"'))
            return false;
        const char *begin = m_at;
        while (m_at != m_end && *m_at != '"') {
            const auto c = static_cast<unsigned char>(*m_at);
            if (c < 0x20 || c >= 0x7f || c == '\\')
                return false;
            ++m_at;
        }
        if (m_at == m_end)
            return false;
        out = QByteArrayView(begin, m_at - begin);
        ++m_at;
        return true;
    }
    bool value(Given &given)
    {
        if (m_at == m_end)
            return false;
        if (*m_at == '"') {
            QByteArrayView text;
            if (!plainString(text))
                return false;
            given.kind = Given::Text;
            given.text = QString::fromLatin1(text);
            return true;
        }
        if (m_end - m_at >= 4 && QByteArrayView(m_at, 4) == "null") {
            m_at += 4;
            given.kind = Given::Null;
            return true;
        }
        const bool negative = take('-');
        const char *digits = m_at;
        qint64 magnitude = 0;
        while (m_at != m_end && *m_at >= '0' && *m_at <= '9')
            magnitude = magnitude * 10 + (*m_at++ - '0');
        const auto count = m_at - digits;
        // No digits, a leading zero (not JSON), more than 18 digits (might not fit), or a
        // fraction or exponent following: the careful way.
        if (count == 0 || count > 18 || (count > 1 && *digits == '0') ||
            (m_at != m_end && (*m_at == '.' || *m_at == 'e' || *m_at == 'E')))
            return false;
        given.kind = Given::Integer;
        given.integer = negative ? -magnitude : magnitude;
        return true;
    }

    const char *m_at;
    const char *m_end;
};
} // namespace

std::optional<TextRow> parseText(QByteArrayView object, const QString &now)
{
    const auto file = FileTextReader(object).read();
    if (!file)
        return std::nullopt;
    auto row = checkFast(*file, now);
    if (!row)
        return std::nullopt;
    return TextRow{std::move(*row), !file->id.absentOrNull()};
}

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

bool sameFile(const QVariantList &row, const QJsonObject &stored)
{
    const QStringList &names = columns();
    for (qsizetype i = 0; i < kRequestColumns; ++i)
        if (QJsonValue::fromVariant(row.at(i)) != stored.value(names[i]))
            return false;
    return true;
}

} // namespace ops::rawdatafile
