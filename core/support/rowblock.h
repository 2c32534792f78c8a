#pragma once

#include <QByteArray>
#include <QList>
#include <QVarLengthArray>
#include <QVariantList>

namespace ops {

/// One value of a row: null, an integer, a double, a bool, or text as UTF-8.
struct PlainValue
{
    enum class Kind : quint8
    {
        Null,
        Integer,
        Double,
        Bool,
        Text
    };
    Kind kind = Kind::Null;
    qint64 integer = 0;  ///< Integer; Bool as 0 or 1
    double number = 0;   ///< Double
    QByteArrayView text; ///< Text, pointing into the block (or buffer) that holds it

    bool isNull() const { return kind == Kind::Null; }
    /// As the QVariant the rows used to hold: qint64, double, bool, QString, or a null QVariant.
    QVariant toVariant() const;
    /// The text of a Text value; the number of a number; empty for null.
    QString toString() const;
};
bool operator==(const PlainValue &a, const PlainValue &b);

/// The rows of a bulk step packed in one buffer: each value a tag byte and its bytes, text as
/// UTF-8, and a text equal to the one in the row before it (the observation, the module, the
/// time of acceptance of every file of a bulk) kept once and referred to.
///
/// A 100,000-file bulk held as a QList<QVariantList> took ~67 MB (a 32-byte QVariant per value, a
/// UTF-16 QString per id, path and checksum); here it takes ~16 MB, and its text binds to SQLite
/// and goes into COPY and the payload without a conversion.
class RowBlock
{
public:
    using Row = QVarLengthArray<PlainValue, 16>;

    RowBlock() = default;

    /// Values per row: fixed by the first row appended.
    qsizetype columnCount() const { return m_columns; }
    qsizetype size() const { return m_rowStarts.size(); }
    bool isEmpty() const { return m_rowStarts.isEmpty(); }
    /// The bytes the rows take (what the block costs, besides a position per row).
    qsizetype byteSize() const { return m_data.size(); }

    /// Appends a row; false (and nothing appended) when it has not as many values as the rows
    /// before it.
    bool append(const QVariantList &row);
    bool append(const PlainValue *values, qsizetype count);
    /// Appends every row of `other` (of the same width).
    bool append(const RowBlock &other);

    /// Row by row, value by value, as a reader of text produces them: beginRow(), one add...()
    /// per value, endRow() (false when the row's width differs from the rows before it).
    void beginRow();
    void addNull();
    void addInteger(qint64 value);
    void addDouble(double value);
    void addBool(bool value);
    void addText(QByteArrayView utf8);
    void addText(QStringView text);
    void add(const PlainValue &value);
    /// A QVariant of the kinds a row holds (anything else is taken as its text).
    void add(const QVariant &value);
    bool endRow();

    /// Row `r`'s values in column order; their text points into this block, valid while it is
    /// not changed.
    void read(qsizetype r, Row &out) const;
    Row row(qsizetype r) const;
    /// Row `r` as QVariants (messages, checks and tests; the bulk paths read values).
    QVariantList variantRow(qsizetype r) const;

    void reserve(qsizetype rows, qsizetype bytes);
    void squeeze();

    friend bool operator==(const RowBlock &a, const RowBlock &b);

private:
    enum Tag : char
    {
        NullTag,
        IntegerTag,
        DoubleTag,
        FalseTag,
        TrueTag,
        TextTag,
        SameTextTag, ///< followed by the position of an earlier TextTag
    };
    PlainValue decode(qsizetype &at) const;
    void appendLength(quint64 value);
    quint64 readLength(qsizetype &at) const;

    QByteArray m_data;
    QList<qsizetype> m_rowStarts;
    qsizetype m_columns = 0;
    /// Per column, where the text of the row before starts (-1: none), while rows are added.
    QList<qsizetype> m_lastText;
    qsizetype m_valuesInRow = 0;
    QByteArray m_scratch; ///< text being added, as UTF-8
};

} // namespace ops
