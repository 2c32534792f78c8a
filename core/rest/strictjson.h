#pragma once

#include "result.h"

#include <QByteArrayView>

#include <optional>

namespace ops::strictjson {

/// Checks that a request body is exactly one JSON value as RFC 8259 defines it, before Qt's more
/// forgiving parser reads it. Qt accepts escapes such as "\q", numbers such as ".5" and raw
/// control characters in strings, and keeps only the last of two equal keys; automation's
/// mistakes must not pass silently as something else (CONTRACT §6, "Strict input").
///
/// Returns nothing when the body is fine, otherwise:
/// - BadRequest (400): not JSON (with the byte offset), or a key repeated in one object;
/// - Invalid (422): a string central cannot store — a NUL character or a lone UTF-16 surrogate —
///   naming where it is ("obs_info.note", "[17].relative_path").
std::optional<Error> check(QByteArrayView body);

/// Deepest nesting accepted: far beyond any request of the contract, small enough that a hostile
/// body cannot exhaust the stack.
inline constexpr int kMaxDepth = 64;

} // namespace ops::strictjson
