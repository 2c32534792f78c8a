#pragma once

#include "result.h"

#include <QString>

#include <memory>

namespace ops {

/// One console per buffer (CONTRACT §6): an exclusive lock on `<buffer>.lock`, held for the life
/// of the process. Two consoles draining one buffer dead-letter each other's work, so a second
/// one must not start. flock(2) is released by the kernel when the process dies, kill -9 and
/// power loss included, so a crash never leaves a stale lock behind.
class BufferLock final
{
    Q_DISABLE_COPY_MOVE(BufferLock)
public:
    ~BufferLock();

    /// Takes the lock, or says who holds it ("... is in use by opsconsole pid 4711").
    static Result<std::unique_ptr<BufferLock>> acquire(const QString &bufferPath);

private:
    explicit BufferLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

} // namespace ops
