#include "bufferlock.h"

#include <QByteArray>
#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ops {

BufferLock::~BufferLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock; the file stays (removing it would race a newcomer)
}

Result<std::unique_ptr<BufferLock>> BufferLock::acquire(const QString &bufferPath)
{
    const QString lockPath = bufferPath + QStringLiteral(".lock");
    QDir().mkpath(QFileInfo(lockPath).absolutePath());
    const QByteArray native = QFile::encodeName(lockPath);
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return unavailable(QStringLiteral("buffer: cannot open the lock file %1: %2")
                               .arg(lockPath, QString::fromLocal8Bit(std::strerror(errno))));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char holder[64] = {};
        const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
        ::close(fd);
        if (error != EWOULDBLOCK)
            return unavailable(QStringLiteral("buffer: cannot lock %1: %2")
                                   .arg(lockPath, QString::fromLocal8Bit(std::strerror(error))));
        const QString pid = QString::fromLatin1(holder, n > 0 ? n : 0).trimmed();
        return unavailable(
            QStringLiteral("buffer: %1 is in use by another opsconsole%2; one "
                           "console per buffer")
                .arg(bufferPath, pid.isEmpty() ? QString() : QStringLiteral(" (pid %1)").arg(pid)));
    }
    // Who holds it, for the message the next one prints.
    const QByteArray pid = QByteArray::number(static_cast<qint64>(::getpid())) + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.constData(), pid.size(), 0) < 0) {
        // The lock is held all the same; only the message would lack the pid.
    }
    return std::unique_ptr<BufferLock>(new BufferLock(fd));
}

} // namespace ops
