#include "faultpoints.h"

#include "logging.h"

#include <QHash>
#include <QMutex>
#include <QStringList>

#include <csignal>
#include <cstdlib>
#include <unistd.h>

namespace ops {

namespace {
struct Armed
{
    QHash<QString, int> firesAt; ///< point -> pass number that kills
    QHash<QString, int> passes;
    QMutex mutex;
};

Armed *armed()
{
    static Armed *points = [] {
        const char *spec = std::getenv("OPSCONSOLE_FAULT");
        if (!spec || !*spec)
            return static_cast<Armed *>(nullptr);
        auto *a = new Armed;
        for (const QString &item :
             QString::fromLocal8Bit(spec).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QStringList parts = item.trimmed().split(QLatin1Char('@'));
            a->firesAt.insert(parts.value(0), parts.size() > 1 ? parts[1].toInt() : 1);
        }
        return a;
    }();
    return points;
}
} // namespace

void faultPoint(const char *name)
{
    Armed *a = armed();
    if (!a)
        return;
    QMutexLocker lock(&a->mutex);
    const QString point = QString::fromLatin1(name);
    const auto target = a->firesAt.constFind(point);
    if (target == a->firesAt.cend())
        return;
    if (++a->passes[point] == *target) {
        qCCritical(lcSync) << "fault point" << point << "reached: killing the process";
        ::kill(::getpid(), SIGKILL);
    }
}

} // namespace ops
