#pragma once

#include "result.h"
#include "rowblock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QVariantList>

#include <optional>

/// Rules of a raw data file (CONTRACT §2): relative path without "..", lowercase hex checksum of
/// the algorithm's length, size >= 0, file type defaulting from the extension.
namespace ops::rawdatafile {

/// Column order of the rows that parse() makes, as the bulk create step carries them.
const QStringList &columns();
/// The first columns are the fields a client sends (a RawDataFileCreate); the timestamps follow.
constexpr qsizetype kRequestColumns = 8;

/// Why `path` is not an acceptable relative path, or an empty string when it is.
QString pathProblem(const QString &path);
/// Why `checksum` does not fit `algorithm`, or an empty string when it does.
QString checksumProblem(const QString &algorithm, const QString &checksum);
/// The file type implied by the path's extension: fits, hdf5, bin, or the extension itself.
QString defaultFileType(const QString &path);

/// Validates one RawDataFileCreate; `prefix` names its place in a list ("[17]") in errors.
/// Returns the row in columns() order, with a generated id when none was given.
Result<QVariantList> parse(const QJsonObject &body, const QString &prefix, const QString &now);

/// What parseText() made of a file's text.
enum class TextReading
{
    NotRead,        ///< not the plain common shape: nothing appended, ask parse()
    Read,           ///< its row appended, with a generated id
    ReadWithGivenId ///< its row appended, with the id the client gave
};
/// The fast reading of one file straight from its JSON object's text (a bulk's element): appends
/// to `rows` the same row parse() makes, with `nowUtf8` as its timestamps, for the plain common
/// shape only. NotRead means "not read here", never "refused": the caller then parses the object
/// and calls parse(), which gives the verdict.
TextReading parseText(QByteArrayView object, QByteArrayView nowUtf8, RowBlock &rows);

/// Whether two rows in columns() order describe the same file (ignores the timestamps).
bool sameFile(const QVariantList &row, const QJsonObject &stored);

} // namespace ops::rawdatafile
