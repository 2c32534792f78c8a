#pragma once

#include <QHash>
#include <QString>

#include <memory>
#include <mutex>

namespace ops {

/// The one T of this process for the buffer file at `path` (an absolute, clean path): made by
/// `make` on first use, shared by every connection to that file, gone when the last lets go.
/// For what the connections of one process must agree on (the WAL's sync, the writers' turn).
template <typename T, typename Make>
std::shared_ptr<T> perBufferFile(const QString &path, Make make)
{
    static std::mutex mutex;
    static QHash<QString, std::weak_ptr<T>> registry;
    std::lock_guard lock(mutex);
    if (std::shared_ptr<T> existing = registry.value(path).lock())
        return existing;
    std::shared_ptr<T> created(make());
    registry.insert(path, created);
    return created;
}

} // namespace ops
