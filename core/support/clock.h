#pragma once

#include <QDateTime>

#include <atomic>

namespace ops {

/// Source of "now". Production code reads the system clock; tests swap in a ManualClock so that
/// time-dependent logic (defaults, backoff, night windows) is checked without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    /// Microseconds since the Unix epoch, UTC: the precision PostgreSQL's timestamptz keeps.
    virtual qint64 nowMicros() const = 0;
    QDateTime now() const;

    static Clock &system();
};

/// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 micros = 0) : m_micros(micros) {}
    qint64 nowMicros() const override { return m_micros.load(); }
    void set(qint64 micros) { m_micros.store(micros); }
    void advanceMs(qint64 ms) { m_micros.fetch_add(ms * 1000); }

private:
    std::atomic<qint64> m_micros;
};

} // namespace ops
