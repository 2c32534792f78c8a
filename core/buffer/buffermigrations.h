#pragma once

#include <QList>
#include <QStringList>

namespace ops {

/// The buffer's schema history: migration N (1-based) brings PRAGMA user_version from N-1 to N.
/// Each runs in one transaction. Never edit a published migration; append a new one.
const QList<QStringList> &bufferMigrations();

} // namespace ops
