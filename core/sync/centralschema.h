#pragma once

#include "result.h"

namespace ops {

class PgConnection;

/// The central schema `opsdb` (CONTRACT §2), created and upgraded by numbered migrations kept
/// in opsdb.schema_version. Every table carries created_at, updated_at and change_seq, set from
/// one global sequence by a trigger on every insert and update; a statement-level trigger
/// NOTIFYs `opsdb_changes` so consoles pull at once.
namespace centralschema {

int latestVersion();
/// Creates or upgrades the schema; safe to run from several consoles at once (advisory lock).
Status migrate(PgConnection &connection);
/// The version central has now (0: none).
Result<int> currentVersion(PgConnection &connection);

} // namespace centralschema
} // namespace ops
