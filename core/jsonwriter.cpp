#include "jsonwriter.h"

#include <QJsonDocument>

#include <cmath>

namespace ops::jsonwriter {

void appendUtf8(QByteArray &out, QByteArrayView utf8)
{
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

void appendObject(QByteArray &out, const QJsonObject &object)
{
    out.append(QJsonDocument(object).toJson(QJsonDocument::Compact));
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

} // namespace ops::jsonwriter
