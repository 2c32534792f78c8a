#include "jsonwriter.h"

#include "jsonspans.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ops::jsonwriter {

void appendUtf8(QByteArray &out, QByteArrayView utf8)
{
    // Ids, checksums, timestamps and most paths have nothing to escape: copied in whole.
    const auto special = [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
    };
    if (std::none_of(utf8.begin(), utf8.end(), special)) {
        out.append('"').append(utf8).append('"');
        return;
    }
    out.append('"');
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b': // as QJsonDocument writes them: the request hash depends on the bytes
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out.append(escaped);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

namespace {
void appendEscaped(QByteArray &out, QStringView text)
{
    appendUtf8(out, text.toUtf8());
}
} // namespace

void appendString(QByteArray &out, QStringView text)
{
    // Ids, checksums, timestamps and most paths are plain ASCII with nothing to escape: copy
    // them straight in; anything else takes the careful path.
    const qsizetype start = out.size();
    out.resize(start + text.size() + 2);
    char *p = out.data() + start;
    *p++ = '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x80 || u < 0x20 || u == u'"' || u == u'\\') {
            out.truncate(start);
            appendEscaped(out, text);
            return;
        }
        *p++ = static_cast<char>(u);
    }
    *p = '"';
}

void appendVariant(QByteArray &out, const QVariant &value)
{
    if (value.isNull()) {
        out.append("null");
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        out.append(value.toBool() ? "true" : "false");
        return;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        out.append(QByteArray::number(value.toLongLong()));
        return;
    case QMetaType::Double: {
        const double d = value.toDouble();
        out.append(std::isfinite(d) ? QByteArray::number(d, 'g', 17) : QByteArray("null"));
        return;
    }
    default:
        appendString(out, value.toString());
    }
}

void appendStrings(QByteArray &out, const QStringList &list)
{
    out.append('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            out.append(',');
        appendString(out, list[i]);
    }
    out.append(']');
}

namespace {
void appendJson(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        return;
    case QJsonValue::Double: {
        // As QJsonDocument writes a number: an integer as its digits, a double at its shortest.
        const QVariant stored = value.toVariant();
        if (stored.typeId() == QMetaType::LongLong) {
            out.append(QByteArray::number(stored.toLongLong()));
        } else {
            const double d = value.toDouble();
            out.append(std::isfinite(d) ? QByteArray::number(d, 'g', QLocale::FloatingPointShortest)
                                        : QByteArray("null"));
        }
        return;
    }
    case QJsonValue::String:
        appendString(out, value.toString());
        return;
    case QJsonValue::Array: {
        out.append('[');
        bool first = true;
        for (const QJsonValue &element : value.toArray()) {
            if (!std::exchange(first, false))
                out.append(',');
            appendJson(out, element);
        }
        out.append(']');
        return;
    }
    case QJsonValue::Object:
        appendObject(out, value.toObject());
        return;
    default:
        out.append("null");
    }
}
} // namespace

void appendObject(QByteArray &out, const QJsonObject &object)
{
    // Written here rather than by QJsonDocument::toJson, which was an eighth of a start
    // observation's instructions: keys in the object's (sorted) order, values as toJson writes
    // them.
    out.append('{');
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it != object.begin())
            out.append(',');
        appendString(out, it.key());
        out.append(':');
        appendJson(out, it.value());
    }
    out.append('}');
}

QVariant toVariant(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double: {
        // Qt 6 keeps a JSON integer as a 64-bit integer: take it as is, never through a double
        // (9007199254740993 would come back as ...992).
        const QVariant stored = value.toVariant();
        if (stored.typeId() == QMetaType::LongLong)
            return stored;
        const double d = value.toDouble();
        if (std::floor(d) == d && std::abs(d) < 9.0e15)
            return value.toInteger();
        return d;
    }
    default:
        return QVariant();
    }
}

namespace {

/// A reader of the plain values appendVariant writes, over text that may be damaged: every step
/// is bounds-checked, and anything unexpected ends the read with a failure.
class RowsReader
{
public:
    RowsReader(QByteArrayView text, const QVariantList &constants) : m_text(text)
    {
        // Kept as a row of their own: their values are added to every row from here.
        if (!constants.isEmpty()) {
            m_constantRow.append(constants);
            m_constantRow.read(0, m_constants);
        }
    }

    std::optional<RowBlock> read()
    {
        RowBlock rows;
        if (!take('['))
            return std::nullopt;
        if (take(']'))
            return rows;
        QByteArray decoded; // a string with escapes, decoded to UTF-8
        do {
            if (!take('['))
                return std::nullopt;
            rows.beginRow();
            if (!take(']')) {
                do {
                    if (!plainValue(rows, decoded))
                        return std::nullopt;
                } while (take(','));
                if (!take(']'))
                    return std::nullopt;
            }
            for (const PlainValue &constant : m_constants)
                rows.add(constant);
            if (!rows.endRow())
                return std::nullopt; // rows of different widths: damaged
        } while (take(','));
        if (!take(']'))
            return std::nullopt;
        skipSpace();
        if (m_p != m_text.size())
            return std::nullopt;
        rows.squeeze();
        return rows;
    }

private:
    QByteArrayView m_text;
    RowBlock m_constantRow;
    RowBlock::Row m_constants;
    qsizetype m_p = 0;

    void skipSpace()
    {
        while (m_p < m_text.size() && (m_text[m_p] == ' ' || m_text[m_p] == '\n' ||
                                       m_text[m_p] == '\r' || m_text[m_p] == '\t'))
            ++m_p;
    }
    bool take(char c)
    {
        skipSpace();
        if (m_p < m_text.size() && m_text[m_p] == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    bool word(QByteArrayView w)
    {
        if (!m_text.sliced(m_p).startsWith(w))
            return false;
        m_p += w.size();
        return true;
    }

    bool plainValue(RowBlock &rows, QByteArray &decoded)
    {
        skipSpace();
        if (m_p >= m_text.size())
            return false;
        switch (m_text[m_p]) {
        case '"': {
            ++m_p; // the opening quote
            // The common string (an id, a path, a checksum) has no escape: its bytes as they are.
            const qsizetype start = m_p;
            while (m_p < m_text.size() && m_text[m_p] != '"' && m_text[m_p] != '\\')
                ++m_p;
            if (m_p < m_text.size() && m_text[m_p] == '"') {
                rows.addText(m_text.sliced(start, m_p++ - start));
                return true;
            }
            m_p = start;
            auto text = string();
            if (!text)
                return false;
            decoded = text->toUtf8();
            rows.addText(decoded);
            return true;
        }
        case 'n':
            if (!word("null"))
                return false;
            rows.addNull();
            return true;
        case 't':
            if (!word("true"))
                return false;
            rows.addBool(true);
            return true;
        case 'f':
            if (!word("false"))
                return false;
            rows.addBool(false);
            return true;
        default:
            if (const auto n = number()) {
                if (n->typeId() == QMetaType::LongLong)
                    rows.addInteger(n->toLongLong());
                else
                    rows.addDouble(n->toDouble());
                return true;
            }
            return false;
        }
    }

    /// As toVariant() reads Qt's parse: an integer that fits in 64 bits exactly; any other
    /// number as a double, or as an integer when it is a whole one below 9e15.
    std::optional<QVariant> number()
    {
        const qsizetype start = m_p;
        bool integral = true;
        while (m_p < m_text.size()) {
            const char c = m_text[m_p];
            if (c == '.' || c == 'e' || c == 'E')
                integral = false;
            else if (!((c >= '0' && c <= '9') || c == '-' || c == '+'))
                break;
            ++m_p;
        }
        const char *first = m_text.data() + start;
        const char *last = m_text.data() + m_p;
        if (first == last)
            return std::nullopt;
        if (integral) {
            qint64 whole = 0;
            const auto [end, error] = std::from_chars(first, last, whole);
            if (error == std::errc() && end == last)
                return QVariant(whole);
        }
        double d = 0;
        const auto [end, error] = std::from_chars(first, last, d);
        if (error != std::errc() || end != last || !std::isfinite(d))
            return std::nullopt;
        if (std::floor(d) == d && std::abs(d) < 9.0e15)
            return QVariant(static_cast<qint64>(d));
        return QVariant(d);
    }

    int hex4()
    {
        const int v = jsonspans::hex4(m_text.sliced(m_p));
        if (v >= 0)
            m_p += 4;
        return v;
    }

    /// The string whose text starts at m_p (after its opening quote), escapes decoded.
    std::optional<QString> string()
    {
        const qsizetype start = m_p;
        while (m_p < m_text.size() && m_text[m_p] != '"' && m_text[m_p] != '\\' &&
               static_cast<unsigned char>(m_text[m_p]) < 0x80)
            ++m_p;
        if (m_p < m_text.size() && m_text[m_p] == '"')
            return QString::fromLatin1(m_text.sliced(start, m_p++ - start));
        QString out = QString::fromLatin1(m_text.sliced(start, m_p - start));
        while (m_p < m_text.size()) {
            const char c = m_text[m_p];
            if (c == '"') {
                ++m_p;
                return out;
            }
            if (c != '\\') {
                const qsizetype run = m_p;
                while (m_p < m_text.size() && m_text[m_p] != '"' && m_text[m_p] != '\\')
                    ++m_p;
                out += QString::fromUtf8(m_text.sliced(run, m_p - run));
                continue;
            }
            if (++m_p >= m_text.size())
                return std::nullopt;
            const char e = m_text[m_p++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += QLatin1Char(e);
                break;
            case 'b':
                out += QLatin1Char('\b');
                break;
            case 'f':
                out += QLatin1Char('\f');
                break;
            case 'n':
                out += QLatin1Char('\n');
                break;
            case 'r':
                out += QLatin1Char('\r');
                break;
            case 't':
                out += QLatin1Char('\t');
                break;
            case 'u': {
                const int unit = hex4();
                if (unit < 0)
                    return std::nullopt;
                out += QChar(static_cast<char16_t>(unit)); // a pair arrives as two escapes
                break;
            }
            default:
                return std::nullopt;
            }
        }
        return std::nullopt;
    }
};

} // namespace

std::optional<RowBlock> readRows(QByteArrayView text, const QVariantList &constants)
{
    return RowsReader(text, constants).read();
}

void appendPlain(QByteArray &out, const PlainValue &value)
{
    switch (value.kind) {
    case PlainValue::Kind::Null:
        out.append("null");
        return;
    case PlainValue::Kind::Bool:
        out.append(value.integer ? "true" : "false");
        return;
    case PlainValue::Kind::Integer:
        out.append(QByteArray::number(value.integer));
        return;
    case PlainValue::Kind::Double:
        out.append(std::isfinite(value.number) ? QByteArray::number(value.number, 'g', 17)
                                               : QByteArray("null"));
        return;
    case PlainValue::Kind::Text:
        appendUtf8(out, value.text);
        return;
    }
}

} // namespace ops::jsonwriter
