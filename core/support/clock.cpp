#include "clock.h"

#include <QTimeZone>

#include <chrono>

namespace ops {

namespace {
class SystemClock final : public Clock
{
public:
    qint64 nowMicros() const override
    {
        using namespace std::chrono;
        return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    }
};
} // namespace

QDateTime Clock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(nowMicros() / 1000, Qt::UTC);
}

Clock &Clock::system()
{
    static SystemClock clock;
    return clock;
}

} // namespace ops
