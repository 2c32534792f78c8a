#include "uuids.h"

#include <QRandomGenerator>
#include <QUuid>

#include <array>
#include <chrono>
#include <cstring>

namespace ops::uuids {

void generate(char *out)
{
    // The random part: QUuid::createUuid() asks the kernel for 16 bytes each time, one system
    // call of ~0.85 us (85 ms of a 100,000-file bulk). The same kernel randomness is taken 4 KiB
    // at a time instead, a pool per thread (bulks are checked on two threads at once).
    thread_local std::array<quint32, 1024> pool;
    thread_local std::size_t used = pool.size();
    if (used + 2 > pool.size()) {
        QRandomGenerator::system()->fillRange(pool.data(), pool.size());
        used = 0;
    }
    // The time part: milliseconds since the Unix epoch (48 bits), then the fraction of that
    // millisecond in 1/4096ths (12 bits). Each thread's stamps strictly increase, even when the
    // clock stands still or steps back, so its ids sort in the order they were made.
    thread_local quint64 lastStamp = 0;
    const qint64 nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    quint64 stamp = (quint64(nanos / 1000000) << 12) | quint64((nanos % 1000000) * 4096 / 1000000);
    if (stamp <= lastStamp)
        stamp = lastStamp + 1;
    lastStamp = stamp;

    uchar bytes[16];
    const quint64 millis = stamp >> 12;
    for (int i = 0; i < 6; ++i)
        bytes[i] = uchar(millis >> (8 * (5 - i)));
    bytes[6] = uchar(0x70 | ((stamp >> 8) & 0x0F)); // version 7: time-ordered
    bytes[7] = uchar(stamp);
    std::memcpy(bytes + 8, pool.data() + used, 8);
    used += 2;
    bytes[8] = uchar((bytes[8] & 0x3F) | 0x80); // the RFC 9562 variant
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *out++ = '-';
        *out++ = kHex[bytes[i] >> 4];
        *out++ = kHex[bytes[i] & 0x0F];
    }
}

QString generate()
{
    char text[36];
    generate(text);
    return QString::fromLatin1(text, sizeof text);
}

QString normalized(const QString &text)
{
    if (text.size() != 36)
        return {};
    const QUuid uuid = QUuid::fromString(text);
    return uuid.isNull() ? QString() : uuid.toString(QUuid::WithoutBraces);
}

QStringList List::toStringList() const
{
    QStringList ids;
    ids.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        ids << at(i);
    return ids;
}

} // namespace ops::uuids
