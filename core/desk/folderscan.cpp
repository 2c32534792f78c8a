#include "folderscan.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>

namespace ops {

std::optional<QJsonArray> FolderScan::run(const std::atomic_bool &cancelled,
                                          const std::function<void(const Progress &)> &progress,
                                          QString *error) const
{
    const QDir root(folder);
    if (!root.exists()) {
        if (error)
            *error = QStringLiteral("folder %1 does not exist").arg(folder);
        return std::nullopt;
    }
    QStringList paths;
    Progress done;
    QDirIterator it(folder, QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        paths << it.next();
        done.bytesTotal += it.fileInfo().size();
    }
    paths.sort();
    done.filesTotal = paths.size();
    progress(done);
    QJsonArray files;
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (const QString &path : std::as_const(paths)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        QCryptographicHash hash(QCryptographicHash::Sha256);
        qint64 size = 0;
        for (;;) {
            if (cancelled.load())
                return std::nullopt;
            const qint64 read = file.read(chunk.data(), chunk.size());
            if (read <= 0)
                break;
            hash.addData(QByteArrayView(chunk.constData(), read));
            size += read;
            done.bytesDone += read;
            progress(done);
        }
        ++done.filesDone;
        progress(done);
        files.append(
            QJsonObject{{QStringLiteral("executed_obs_unit_id"), observationId},
                        {QStringLiteral("instrument_module"), instrumentModule},
                        {QStringLiteral("relative_path"), root.relativeFilePath(path)},
                        {QStringLiteral("size_bytes"), size},
                        {QStringLiteral("checksum"), QString::fromLatin1(hash.result().toHex())},
                        {QStringLiteral("checksum_algorithm"), QStringLiteral("sha256")}});
    }
    return files;
}

} // namespace ops
