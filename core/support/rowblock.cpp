#include "rowblock.h"

#include <algorithm>
#include <cstring>

namespace ops {

QVariant PlainValue::toVariant() const
{
    switch (kind) {
    case Kind::Null:
        return QVariant();
    case Kind::Integer:
        return QVariant(integer);
    case Kind::Double:
        return QVariant(number);
    case Kind::Bool:
        return QVariant(integer != 0);
    case Kind::Text:
        return QString::fromUtf8(text);
    }
    return QVariant();
}

QString PlainValue::toString() const
{
    return kind == Kind::Text ? QString::fromUtf8(text) : toVariant().toString();
}

bool operator==(const PlainValue &a, const PlainValue &b)
{
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case PlainValue::Kind::Null:
        return true;
    case PlainValue::Kind::Integer:
    case PlainValue::Kind::Bool:
        return a.integer == b.integer;
    case PlainValue::Kind::Double:
        return a.number == b.number;
    case PlainValue::Kind::Text:
        return a.text == b.text;
    }
    return false;
}

void RowBlock::appendLength(quint64 value)
{
    while (value >= 0x80) {
        m_data.append(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    m_data.append(static_cast<char>(value));
}

quint64 RowBlock::readLength(qsizetype &at) const
{
    quint64 value = 0;
    for (int shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(m_data.at(at++));
        value |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return value;
    }
}

void RowBlock::beginRow()
{
    m_rowStarts.append(m_data.size());
    m_valuesInRow = 0;
}

void RowBlock::addNull()
{
    m_data.append(NullTag);
    ++m_valuesInRow;
}

void RowBlock::addInteger(qint64 value)
{
    m_data.append(IntegerTag);
    m_data.append(reinterpret_cast<const char *>(&value), sizeof value);
    ++m_valuesInRow;
}

void RowBlock::addDouble(double value)
{
    m_data.append(DoubleTag);
    m_data.append(reinterpret_cast<const char *>(&value), sizeof value);
    ++m_valuesInRow;
}

void RowBlock::addBool(bool value)
{
    m_data.append(value ? TrueTag : FalseTag);
    ++m_valuesInRow;
}

void RowBlock::addText(QByteArrayView utf8)
{
    const qsizetype column = m_valuesInRow++;
    // Grown for a whole row at once (rows are rarely wider), not a column at a time.
    if (m_lastText.size() <= column)
        m_lastText.resize(std::max<qsizetype>(column + 1, 16), -1);
    // A reference costs up to five bytes: shorter text is kept as it is.
    constexpr qsizetype kReferFrom = 6;
    if (const qsizetype earlier = m_lastText[column]; earlier >= 0 && utf8.size() >= kReferFrom) {
        qsizetype at = earlier + 1;
        const auto length = static_cast<qsizetype>(readLength(at));
        if (length == utf8.size() &&
            std::memcmp(m_data.constData() + at, utf8.data(), length) == 0) {
            // How far back the text is, not where: a block appended to another keeps its
            // references as they are (see append(const RowBlock &)).
            const qsizetype here = m_data.size();
            m_data.append(SameTextTag);
            appendLength(static_cast<quint64>(here - earlier));
            return;
        }
    }
    m_lastText[column] = m_data.size();
    m_data.append(TextTag);
    appendLength(static_cast<quint64>(utf8.size()));
    m_data.append(utf8.data(), utf8.size());
}

void RowBlock::add(const PlainValue &value)
{
    switch (value.kind) {
    case PlainValue::Kind::Null:
        addNull();
        break;
    case PlainValue::Kind::Integer:
        addInteger(value.integer);
        break;
    case PlainValue::Kind::Double:
        addDouble(value.number);
        break;
    case PlainValue::Kind::Bool:
        addBool(value.integer != 0);
        break;
    case PlainValue::Kind::Text:
        addText(value.text);
        break;
    }
}

bool RowBlock::endRow()
{
    if (m_rowStarts.size() == 1)
        m_columns = m_valuesInRow;
    if (m_valuesInRow == m_columns)
        return true;
    // Undone: the row's bytes, and any text of it the next rows would have referred to.
    const qsizetype start = m_rowStarts.takeLast();
    m_data.truncate(start);
    for (qsizetype &last : m_lastText)
        if (last >= start)
            last = -1;
    if (m_rowStarts.isEmpty())
        m_columns = 0;
    return false;
}

bool RowBlock::append(const PlainValue *values, qsizetype count)
{
    if (!isEmpty() && count != m_columns)
        return false;
    beginRow();
    for (qsizetype c = 0; c < count; ++c)
        add(values[c]);
    return endRow();
}

bool RowBlock::append(const QVariantList &row)
{
    if (!isEmpty() && row.size() != m_columns)
        return false;
    beginRow();
    for (const QVariant &value : row)
        add(value);
    return endRow();
}

void RowBlock::add(const QVariant &value)
{
    if (value.isNull()) {
        addNull();
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        addBool(value.toBool());
        break;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        addInteger(value.toLongLong());
        break;
    case QMetaType::Double:
        addDouble(value.toDouble());
        break;
    default:
        addText(QStringView(value.toString()));
    }
}

void RowBlock::addText(QStringView text)
{
    // Ids, paths and checksums are ASCII: their bytes written into a scratch buffer kept from
    // row to row, with no allocation per value; other text goes through Qt's UTF-8 encoder.
    m_scratch.resize(text.size());
    char *out = m_scratch.data();
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            m_scratch = text.toUtf8();
            break;
        }
        *out++ = static_cast<char>(c.unicode());
    }
    addText(QByteArrayView(m_scratch));
}

bool RowBlock::append(const RowBlock &other)
{
    if (other.isEmpty())
        return true;
    if (!isEmpty() && other.m_columns != m_columns)
        return false;
    // The bytes as they are: a repeated text refers back by distance, which appending keeps.
    // (The second half of a large bulk, read on another core, joins the first this way: ~4% of
    // a 10,000-file bulk when each row was decoded and added again.)
    const qsizetype offset = m_data.size();
    m_columns = other.m_columns;
    m_data.append(other.m_data);
    m_rowStarts.reserve(m_rowStarts.size() + other.m_rowStarts.size());
    for (const qsizetype start : other.m_rowStarts)
        m_rowStarts.append(start + offset);
    // Rows added after this refer to other's last texts, now further along.
    m_lastText = other.m_lastText;
    for (qsizetype &last : m_lastText)
        if (last >= 0)
            last += offset;
    return true;
}

PlainValue RowBlock::decode(qsizetype &at) const
{
    PlainValue value;
    switch (static_cast<Tag>(m_data.at(at++))) {
    case NullTag:
        break;
    case IntegerTag:
        value.kind = PlainValue::Kind::Integer;
        std::memcpy(&value.integer, m_data.constData() + at, sizeof value.integer);
        at += sizeof value.integer;
        break;
    case DoubleTag:
        value.kind = PlainValue::Kind::Double;
        std::memcpy(&value.number, m_data.constData() + at, sizeof value.number);
        at += sizeof value.number;
        break;
    case FalseTag:
    case TrueTag:
        value.kind = PlainValue::Kind::Bool;
        value.integer = m_data.at(at - 1) == TrueTag ? 1 : 0;
        break;
    case TextTag: {
        const auto length = static_cast<qsizetype>(readLength(at));
        value.kind = PlainValue::Kind::Text;
        value.text = QByteArrayView(m_data.constData() + at, length);
        at += length;
        break;
    }
    case SameTextTag: {
        const qsizetype tagAt = at - 1;
        qsizetype earlier = tagAt - static_cast<qsizetype>(readLength(at));
        value = decode(earlier);
        break;
    }
    }
    return value;
}

void RowBlock::read(qsizetype r, Row &out) const
{
    out.resize(m_columns);
    qsizetype at = m_rowStarts.at(r);
    for (qsizetype c = 0; c < m_columns; ++c)
        out[c] = decode(at);
}

RowBlock::Row RowBlock::row(qsizetype r) const
{
    Row out;
    read(r, out);
    return out;
}

QVariantList RowBlock::variantRow(qsizetype r) const
{
    QVariantList out;
    out.reserve(m_columns);
    for (const PlainValue &value : row(r))
        out.append(value.toVariant());
    return out;
}

void RowBlock::reserve(qsizetype rows, qsizetype bytes)
{
    m_rowStarts.reserve(rows);
    m_data.reserve(bytes);
}

void RowBlock::squeeze()
{
    m_data.squeeze();
    m_rowStarts.squeeze();
}

bool operator==(const RowBlock &a, const RowBlock &b)
{
    if (a.size() != b.size() || a.columnCount() != b.columnCount())
        return false;
    RowBlock::Row left, right;
    for (qsizetype r = 0; r < a.size(); ++r) {
        a.read(r, left);
        b.read(r, right);
        for (qsizetype c = 0; c < left.size(); ++c)
            if (!(left[c] == right[c]))
                return false;
    }
    return true;
}

} // namespace ops
