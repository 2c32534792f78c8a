#pragma once

#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace ops {

/// First come, first served among the writers of one buffer file in this process. SQLite lets
/// one writer in at a time and makes the others poll (every 100 us here, see Buffer's busy
/// handler); a writer that lets go and takes the lock again at once wins every time against one
/// that polls. So the sync engine, writing a pull of thousands of rows in chunks, held the
/// REST thread off for 70 ms. Here each writer waits its turn in the order it asked, and is
/// woken the moment the one before it is done. (Other processes still meet SQLite's lock.)
class WriterTurn final
{
    Q_DISABLE_COPY_MOVE(WriterTurn)
public:
    static std::shared_ptr<WriterTurn> forBuffer(const QString &bufferPath);

    /// Holds the turn for its lifetime.
    class Held
    {
        Q_DISABLE_COPY_MOVE(Held)
    public:
        explicit Held(WriterTurn *turn);
        ~Held();
        void release();

    private:
        WriterTurn *m_turn;
    };

private:
    WriterTurn() = default;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    quint64 m_next = 0;    ///< the ticket the next writer draws
    quint64 m_serving = 0; ///< the ticket whose writer may write
};

} // namespace ops
