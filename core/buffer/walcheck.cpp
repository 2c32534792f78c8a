#include "walcheck.h"

#include <QFile>
#include <QStringList>

#include <cstdint>

namespace ops::walcheck {

namespace {

constexpr qint64 kHeaderBytes = 32;
constexpr qint64 kFrameHeaderBytes = 24;

quint32 bigEndian32(const uchar *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

/// SQLite's WAL checksum over `bytes` (a multiple of 8), continuing from s0/s1. The words are
/// big-endian when the magic number's low bit is set, little-endian otherwise.
void checksum(const uchar *bytes, qint64 size, bool bigEndianWords, quint32 &s0, quint32 &s1)
{
    for (qint64 i = 0; i + 8 <= size; i += 8) {
        quint32 x0, x1;
        if (bigEndianWords) {
            x0 = bigEndian32(bytes + i);
            x1 = bigEndian32(bytes + i + 4);
        } else {
            x0 = quint32(bytes[i]) | (quint32(bytes[i + 1]) << 8) | (quint32(bytes[i + 2]) << 16) |
                 (quint32(bytes[i + 3]) << 24);
            x1 = quint32(bytes[i + 4]) | (quint32(bytes[i + 5]) << 8) |
                 (quint32(bytes[i + 6]) << 16) | (quint32(bytes[i + 7]) << 24);
        }
        s0 += x0 + s1;
        s1 += x1 + s0;
    }
}

} // namespace

QString Report::describe() const
{
    if (headerDamaged)
        return QStringLiteral("the WAL header is damaged: SQLite ignores all %1 bytes of it")
            .arg(fileBytes);
    QStringList parts;
    if (lostCommits > 0)
        parts << QStringLiteral("%1 committed transaction(s) lie beyond a damaged frame")
                     .arg(lostCommits);
    if (partialTail)
        parts << QStringLiteral("the file ends inside a frame");
    return QStringLiteral("the WAL is damaged (%1); SQLite replays only the first %2 "
                          "transaction(s)")
        .arg(parts.join(QLatin1StringView("; ")))
        .arg(validCommits);
}

Report examine(const QString &walPath)
{
    Report report;
    QFile file(walPath);
    if (!file.exists() || !file.open(QIODevice::ReadOnly))
        return report;
    const QByteArray data = file.readAll();
    report.fileBytes = data.size();
    if (data.isEmpty())
        return report;
    const auto *bytes = reinterpret_cast<const uchar *>(data.constData());
    if (data.size() < kHeaderBytes) {
        report.headerDamaged = true;
        return report;
    }
    const quint32 magic = bigEndian32(bytes);
    const quint32 pageSize = bigEndian32(bytes + 8);
    if ((magic != 0x377f0682 && magic != 0x377f0683) || pageSize < 512 || pageSize > 65536 ||
        (pageSize & (pageSize - 1)) != 0) {
        report.headerDamaged = true;
        return report;
    }
    const bool bigEndianWords = magic & 1;
    quint32 s0 = 0, s1 = 0;
    checksum(bytes, 24, bigEndianWords, s0, s1);
    if (s0 != bigEndian32(bytes + 24) || s1 != bigEndian32(bytes + 28)) {
        // SQLite ignores a WAL whose header checksum fails: everything in it is lost if it held
        // any frame at all.
        report.headerDamaged = data.size() > kHeaderBytes;
        return report;
    }
    const quint32 salt1 = bigEndian32(bytes + 16), salt2 = bigEndian32(bytes + 20);
    const qint64 frameBytes = kFrameHeaderBytes + pageSize;
    bool broken = false;
    for (qint64 at = kHeaderBytes; at < data.size(); at += frameBytes) {
        const uchar *frame = bytes + at;
        const bool complete = at + frameBytes <= data.size();
        const bool thisGeneration = at + kFrameHeaderBytes <= data.size() &&
                                    bigEndian32(frame + 8) == salt1 &&
                                    bigEndian32(frame + 12) == salt2;
        if (!complete) {
            // SQLite writes a frame as two writes, its header and then its page: a kill between
            // them leaves exactly a header, never acknowledged (the commit's fsync comes after
            // the page). Any other partial length is not SQLite's doing: the file was cut.
            const qint64 remaining = data.size() - at;
            report.partialTail =
                remaining != kFrameHeaderBytes && (remaining < kFrameHeaderBytes || thisGeneration);
            break;
        }
        const bool commit = bigEndian32(frame + 4) != 0;
        if (!broken) {
            quint32 t0 = s0, t1 = s1;
            checksum(frame, 8, bigEndianWords, t0, t1);
            checksum(frame + kFrameHeaderBytes, pageSize, bigEndianWords, t0, t1);
            if (thisGeneration && t0 == bigEndian32(frame + 16) && t1 == bigEndian32(frame + 20)) {
                s0 = t0;
                s1 = t1;
                if (commit)
                    ++report.validCommits;
                continue;
            }
            broken = true;
        }
        if (thisGeneration && commit)
            ++report.lostCommits;
    }
    return report;
}

} // namespace ops::walcheck
