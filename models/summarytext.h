#pragma once

#include <QString>

/// A transaction's summary in the operator's language. The buffer stores it in English (it is
/// also central's and the log's text); the desk shows it translated, with real plural forms.
namespace ops::summarytext {

/// The stored English summary translated; text of an unknown shape is returned unchanged.
QString translated(const QString &english);
/// The site type ("main", "secondary") in words for a person.
QString siteType(const QString &type);

/// "3 completed", "1 aborted": a night's count of observations in one status, with the plural
/// (and, in Spanish, the gender) the language needs.
QString statusCount(const QString &status, int count);
/// The night's line on central: "Central: 200 synced, 1 buffered, 1 refused" (with `still`,
/// "1 still buffered"), each count with its own plural form.
QString centralCounts(int synced, int buffered, int refused, bool still = false);
/// One module's line of a night's summary ("chai: 1,204 files, 3.2 GiB"); observations without
/// files (module "") are named as the timeline's lane names them: "(no files): 2 observations".
QString moduleLine(const QString &module, qint64 files, qint64 bytes, int observations);

} // namespace ops::summarytext
