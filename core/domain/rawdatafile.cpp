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

// The rules below take the text as a view: QStringView for a file read through QJsonObject (the
// careful reading), QLatin1StringView for one read straight from the request's ASCII text (the
// fast reading of a bulk). One set of rules serves both.

template <typename View> bool isLowerHex(View text)
{
    for (const auto c : text)
        if (const char16_t u = QChar(c).unicode();
            !((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f')))
            return false;
    return true;
}

template <typename View> bool isBlank(View text) // as text.trimmed().isEmpty()
{
    for (const auto c : text)
        if (!QChar(c).isSpace())
            return false;
    return true;
}

template <typename View> bool containsNul(View text)
{
    for (const auto c : text)
        if (QChar(c).unicode() == 0)
            return true;
    return false;
}

template <typename View> QString pathProblemIn(View path)
{
    const auto at = [&](qsizetype i) { return QChar(path.at(i)); };
    if ((!path.isEmpty() && (at(0) == QLatin1Char('/') || at(0) == QLatin1Char('\\'))) ||
        (path.size() > 1 && at(1) == QLatin1Char(':')))
        return QStringLiteral("must be relative, not absolute");
    if (containsNul(path))
        return QStringLiteral("must not contain a NUL character");
    if (!path.isEmpty() && at(path.size() - 1) == QLatin1Char('/'))
        return QStringLiteral("must name a file, not a folder");
    // One spelling per file: "a//b", "./a" and "a/./b" would be other rows for the file "a/b",
    // and a control character is no part of an instrument's file name. A ".." component
    // anywhere, with either separator. (Checked by hand: this runs per file of a 100,000-file
    // bulk, where a regular expression would dominate the cost.)
    qsizetype componentStart = 0;
    for (qsizetype i = 0; i <= path.size(); ++i) {
        if (i < path.size() && (at(i).unicode() < 0x20 || at(i).unicode() == 0x7F))
            return QStringLiteral("must not contain the control character U+%1 (at %2)")
                .arg(at(i).unicode(), 4, 16, QLatin1Char('0'))
                .arg(i);
        if (i == path.size() || at(i) == QLatin1Char('/') || at(i) == QLatin1Char('\\')) {
            const qsizetype length = i - componentStart;
            if (length == 0)
                return QStringLiteral("must not contain an empty component (two separators in "
                                      "a row, or one at the start)");
            if (length == 1 && at(componentStart) == QLatin1Char('.'))
                return QStringLiteral("must not contain a \".\" component");
            if (length == 2 && at(componentStart) == QLatin1Char('.') &&
                at(componentStart + 1) == QLatin1Char('.'))
                return QStringLiteral("must not contain \"..\"");
            componentStart = i + 1;
        }
    }
    return {};
}

template <typename Algorithm, typename View>
QString checksumProblemIn(Algorithm algorithm, View checksum)
{
    const int length = algorithm == QLatin1StringView("md5") ? 32 : 64;
    if (checksum.size() != length || !isLowerHex(checksum))
        return QStringLiteral("must be %1 lowercase hex digits for %2").arg(length).arg(algorithm);
    return {};
}

template <typename View> QString defaultFileTypeIn(View path)
{
    qsizetype nameStart = 0; // after the last '/'
    qsizetype dot = -1;      // the name's last '.'
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (QChar(path.at(i)) == QLatin1Char('/')) {
            nameStart = i + 1;
            dot = -1;
        } else if (QChar(path.at(i)) == QLatin1Char('.')) {
            dot = i;
        }
    }
    if (dot <= nameStart || dot == path.size() - 1)
        return QStringLiteral("bin");
    QString extension;
    extension.reserve(path.size() - dot - 1);
    for (qsizetype i = dot + 1; i < path.size(); ++i)
        extension += QChar(path.at(i));
    extension = std::move(extension).toLower();
    if (extension == QLatin1StringView("fit") || extension == QLatin1StringView("fts") ||
        extension == QLatin1StringView("fits"))
        return QStringLiteral("fits");
    if (extension == QLatin1StringView("h5") || extension == QLatin1StringView("hdf") ||
        extension == QLatin1StringView("hdf5") || extension == QLatin1StringView("he5"))
        return QStringLiteral("hdf5");
    return extension;
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
    return pathProblemIn(QStringView(path));
}

QString checksumProblem(const QString &algorithm, const QString &checksum)
{
    return checksumProblemIn(QStringView(algorithm), QStringView(checksum));
}

QString defaultFileType(const QString &path)
{
    return defaultFileTypeIn(QStringView(path));
}

namespace {
/// One field of a file as the client gave it: read from a QJsonObject (Text = QString) or from
/// the request's ASCII text (Text = QLatin1StringView, pointing into the request).
template <typename Text> struct Given
{
    enum Kind
    {
        Absent,
        Null,
        String,
        Integer,
        Other
    };
    Kind kind = Absent;
    Text text;
    qint64 integer = 0;

    bool absentOrNull() const { return kind == Absent || kind == Null; }
};

template <typename Text> struct GivenFile
{
    Given<Text> id, observation, module, path, size, checksum, algorithm, type;
};

Given<QString> givenOf(const QJsonValue &value)
{
    Given<QString> given;
    if (value.isUndefined())
        return given;
    if (value.isNull()) {
        given.kind = Given<QString>::Null;
    } else if (value.isString()) {
        given.kind = Given<QString>::String;
        given.text = value.toString();
    } else if (const auto exact = JsonFields::exactInteger(value)) {
        given.kind = Given<QString>::Integer;
        given.integer = *exact;
    } else {
        given.kind = Given<QString>::Other;
    }
    return given;
}

/// An id as stored: canonical lowercase. From a QJsonObject any form QUuid reads is normalized;
/// from the text only the canonical form is taken as it is (anything else: the careful way).
QString canonicalId(const QString &text)
{
    return uuids::normalized(text);
}
QLatin1StringView canonicalId(QLatin1StringView text)
{
    if (text.size() != 36)
        return {};
    for (qsizetype i = 0; i < 36; ++i) {
        const char c = text.at(i).toLatin1();
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return {};
    }
    return text;
}

// The common case, a well-formed file, checked with direct tests and no message building;
// anything doubtful falls through to the careful path in parse(), which names the problem.
/// A file that passed the fast checks: its values, in columns() order, before the timestamps.
template <typename Text> struct CheckedFile
{
    Text id; ///< empty: generate one
    Text observationId, module, path;
    qint64 size = 0;
    Text checksum;
    QLatin1StringView algorithm;
    QString fileType;
};

template <typename Text> std::optional<CheckedFile<Text>> checkFast(const GivenFile<Text> &file)
{
    using G = Given<Text>;
    CheckedFile<Text> checked;
    if (!file.id.absentOrNull()) {
        if (file.id.kind == G::String)
            checked.id = canonicalId(file.id.text);
        if (checked.id.isEmpty())
            return std::nullopt;
    }
    if (file.observation.kind != G::String || file.module.kind != G::String ||
        file.path.kind != G::String || file.checksum.kind != G::String ||
        file.size.kind != G::Integer || file.size.integer < 0)
        return std::nullopt;
    checked.observationId = canonicalId(file.observation.text);
    checked.module = file.module.text;
    checked.path = file.path.text;
    checked.size = file.size.integer;
    checked.checksum = file.checksum.text;
    if (checked.observationId.isEmpty() || isBlank(checked.module) || isBlank(checked.path))
        return std::nullopt;
    checked.algorithm = QLatin1StringView("sha256");
    if (!file.algorithm.absentOrNull()) {
        if (file.algorithm.kind != G::String)
            return std::nullopt;
        if (file.algorithm.text == QLatin1StringView("md5"))
            checked.algorithm = QLatin1StringView("md5");
        else if (file.algorithm.text != QLatin1StringView("sha256"))
            return std::nullopt;
    }
    if (!file.type.absentOrNull()) {
        if (file.type.kind != G::String || isBlank(file.type.text))
            return std::nullopt;
        checked.fileType = QString(file.type.text);
    } else {
        checked.fileType = defaultFileTypeIn(checked.path);
    }
    if (!pathProblemIn(checked.path).isEmpty() ||
        !checksumProblemIn(checked.algorithm, checked.checksum).isEmpty())
        return std::nullopt;
    // Long or unusual text goes the careful way, which names what central could not store.
    if (checked.path.size() > 300 || checked.module.size() > 300 || checked.fileType.size() > 300 ||
        containsNul(checked.module) || containsNul(QStringView(checked.fileType)))
        return std::nullopt;
    return checked;
}

/// The row, in columns() order (the careful reading's form).
QVariantList rowOf(const CheckedFile<QString> &file, const QString &now)
{
    return {file.id.isEmpty() ? uuids::generate() : file.id,
            file.observationId,
            file.module,
            file.path,
            file.size,
            file.checksum,
            QString(file.algorithm),
            file.fileType,
            now,
            now};
}

/// The same row straight into a block: no QVariant, the text's bytes as they are.
void appendRow(const CheckedFile<QLatin1StringView> &file, QByteArrayView nowUtf8, RowBlock &rows)
{
    const auto bytes = [](QLatin1StringView text) {
        return QByteArrayView(text.data(), text.size());
    };
    char generated[36];
    rows.beginRow();
    if (file.id.isEmpty()) {
        uuids::generate(generated);
        rows.addText(QByteArrayView(generated, sizeof generated));
    } else {
        rows.addText(bytes(file.id));
    }
    rows.addText(bytes(file.observationId));
    rows.addText(bytes(file.module));
    rows.addText(bytes(file.path));
    rows.addInteger(file.size);
    rows.addText(bytes(file.checksum));
    rows.addText(bytes(file.algorithm));
    rows.addText(QStringView(file.fileType));
    rows.addText(nowUtf8);
    rows.addText(nowUtf8);
    rows.endRow();
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
    const auto checked = checkFast(GivenFile<QString>{
        givenOf(body.value(kIdKey)), givenOf(body.value(kObsKey)), givenOf(body.value(kModuleKey)),
        givenOf(body.value(kPathKey)), givenOf(body.value(kSizeKey)), givenOf(body.value(kSumKey)),
        givenOf(body.value(kAlgKey)), givenOf(body.value(kTypeKey))});
    return checked ? std::optional<QVariantList>(rowOf(*checked, now)) : std::nullopt;
}

/// Reads the plain common shape of one file's JSON object straight from its text: the known keys
/// once each, ASCII strings without escapes, integers of up to 18 digits, null. Anything else
/// (an escape, another key, a repeated key, a fraction, true/false, a nested value) answers
/// std::nullopt, and the caller reads the file the careful way.
class FileTextReader
{
public:
    explicit FileTextReader(QByteArrayView text) : m_at(text.data()), m_end(m_at + text.size()) {}

    using TextGiven = Given<QLatin1StringView>;

    std::optional<GivenFile<QLatin1StringView>> read()
    {
        GivenFile<QLatin1StringView> file;
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
    static TextGiven &fieldAt(GivenFile<QLatin1StringView> &file, int slot)
    {
        TextGiven *fields[] = {&file.id,   &file.observation, &file.module,    &file.path,
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
    bool value(TextGiven &given)
    {
        if (m_at == m_end)
            return false;
        if (*m_at == '"') {
            QByteArrayView text;
            if (!plainString(text))
                return false;
            given.kind = TextGiven::String;
            given.text = QLatin1StringView(text.data(), text.size());
            return true;
        }
        if (m_end - m_at >= 4 && QByteArrayView(m_at, 4) == "null") {
            m_at += 4;
            given.kind = TextGiven::Null;
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
        given.kind = TextGiven::Integer;
        given.integer = negative ? -magnitude : magnitude;
        return true;
    }

    const char *m_at;
    const char *m_end;
};
} // namespace

TextReading parseText(QByteArrayView object, QByteArrayView nowUtf8, RowBlock &rows)
{
    const auto file = FileTextReader(object).read();
    if (!file)
        return TextReading::NotRead;
    const auto checked = checkFast(*file);
    if (!checked)
        return TextReading::NotRead;
    appendRow(*checked, nowUtf8, rows);
    return file->id.absentOrNull() ? TextReading::Read : TextReading::ReadWithGivenId;
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
