#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>
#include <QVariant>

#include "rowblock.h"

#include <optional>

/// A small JSON writer for the outbox payload. QJsonDocument spends most of a 100,000-file bulk
/// converting each value through QJsonValue; rows of plain strings and numbers are written here
/// directly, which keeps the acknowledgment of a bulk close to the cost of its SQLite insert.
namespace ops::jsonwriter {

void appendString(QByteArray &out, QStringView text);
/// A string given as UTF-8 bytes (as SQLite hands out text), quoted and escaped.
void appendUtf8(QByteArray &out, QByteArrayView utf8);
/// Null, bool, integer, double or string; anything else is written as a string.
void appendVariant(QByteArray &out, const QVariant &value);
void appendStrings(QByteArray &out, const QStringList &list);
void appendObject(QByteArray &out, const QJsonObject &object);

/// Reads back what appendVariant wrote.
QVariant toVariant(const QJsonValue &value);

/// A row block's value, as appendVariant writes its QVariant.
void appendPlain(QByteArray &out, const PlainValue &value);

/// Reads back a list of rows of values written by appendVariant, e.g. [["a",1,null],["b",2.5,
/// true]], each value as toVariant() would give it, straight from the text into a row block:
/// the rows of a 100,000-file bulk without a QJsonDocument three times their size. `constants`
/// are appended to every row. Nothing when the text is not such a list or its
/// rows differ in width.
std::optional<RowBlock> readRows(QByteArrayView text, const QVariantList &constants = {});

} // namespace ops::jsonwriter
