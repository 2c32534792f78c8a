#pragma once

#include <QJsonArray>
#include <QString>

#include <atomic>
#include <functional>

namespace ops {

/// Walks a folder and describes every file in it as a RawDataFileCreate: path relative to the
/// folder, size, SHA-256. Meant for a worker thread: it reports progress in bytes and stops soon
/// after `cancelled` becomes true (returning nothing).
struct FolderScan
{
    QString folder;
    QString observationId;
    QString instrumentModule;

    struct Progress
    {
        qint64 filesDone = 0;
        qint64 filesTotal = 0;
        qint64 bytesDone = 0;
        qint64 bytesTotal = 0;
    };

    /// The files, or nothing when cancelled or when the folder cannot be read (`error` says why).
    std::optional<QJsonArray> run(const std::atomic_bool &cancelled,
                                  const std::function<void(const Progress &)> &progress,
                                  QString *error) const;
};

} // namespace ops
