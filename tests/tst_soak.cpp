// Memory under sustained writes (issue 9.9): a statement with a changing value in its text was
// cached once per transaction, ~13 KB per acknowledged write, never returned. 50,000 writes must
// end within 30 MB of where they started.
#include "buffer.h"
#include "clock.h"
#include "operations.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {
/// Resident set size of this process, in bytes.
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    return -1;
}
} // namespace

class TestSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fiftyThousandWritesDoNotGrowMemory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("soak.sqlite"));
        Buffer buffer;
        QVERIFY(buffer.open(path, Buffer::Role::Owner).ok());
        Operations operations(buffer, SiteSettings{QStringLiteral("ccat"), 53687091200});
        const auto write = [&](int i) {
            // Alternate operations so every write path's statements are exercised.
            if (i % 2 == 0)
                return operations
                    .startObservation({{QStringLiteral("obs_unit_id"), 1 + i % 1000}},
                                      QStringLiteral("soak"))
                    .ok();
            static QString observation;
            if (observation.isEmpty())
                observation = operations
                                  .startObservation({{QStringLiteral("obs_unit_id"), 1}},
                                                    QStringLiteral("soak"))
                                  ->id;
            return operations
                .registerFile(
                    testsupport::fileBody(observation, QStringLiteral("soak/%1.fits").arg(i)),
                    QStringLiteral("soak"))
                .ok();
        };
        for (int i = 0; i < 2000; ++i) // warm up: caches and allocator settle
            QVERIFY(write(i));
        const qint64 before = residentBytes();
        QVERIFY(before > 0);
        constexpr int kWrites = 50000;
        for (int i = 2000; i < 2000 + kWrites; ++i)
            QVERIFY(write(i));
        const qint64 after = residentBytes();
        qInfo("RSS %lld MB before, %lld MB after %d acknowledged writes", before >> 20, after >> 20,
              kWrites);
        QVERIFY2(after - before < 30LL * 1024 * 1024,
                 qPrintable(QStringLiteral("grew by %1 MB").arg((after - before) >> 20)));
        QCOMPARE(testsupport::BufferProbe(path).count(QStringLiteral("outbox")),
                 qint64(2000 + kWrites + 1));
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
