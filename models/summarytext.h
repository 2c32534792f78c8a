#pragma once

#include <QString>

/// A transaction's summary in the operator's language. The buffer stores it in English (it is
/// also central's and the log's text); the desk shows it translated, with real plural forms.
namespace ops::summarytext {

/// The stored English summary translated; text of an unknown shape is returned unchanged.
QString translated(const QString &english);
/// The site type ("main", "secondary") in words for a person.
QString siteType(const QString &type);

} // namespace ops::summarytext
