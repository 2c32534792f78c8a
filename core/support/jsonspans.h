#pragma once

#include <QByteArrayView>
#include <QList>

#include <optional>

/// Views into JSON text that is already known to be well formed (a request body strictjson
/// accepted, or a payload this program wrote): where each element of a list or member of an
/// object starts and ends, found without building a document. A 100,000-file bulk is then read
/// one file at a time, and a payload's rows without holding its whole document.
namespace ops::jsonspans {

/// The code unit of a "\\u" escape's four hex digits at the start of `digits`, or -1 when they
/// are not four hex digits.
int hex4(QByteArrayView digits);

/// The position just past the value starting at `at`.
qsizetype skipValue(QByteArrayView text, qsizetype at);

/// The elements of the list `text` holds, in order, or nothing when it holds something else.
std::optional<QList<QByteArrayView>> listElements(QByteArrayView text);

struct Member
{
    QByteArrayView key;   ///< as written, without its quotes (escapes not decoded)
    QByteArrayView value; ///< the value's text
    QByteArrayView whole; ///< from the key's opening quote to the value's end
};
/// The members of the object `text` holds, in order, or nothing when it holds something else.
std::optional<QList<Member>> objectMembers(QByteArrayView text);

} // namespace ops::jsonspans
