#include "writerturn.h"

#include "perbufferfile.h"

namespace ops {

std::shared_ptr<WriterTurn> WriterTurn::forBuffer(const QString &bufferPath)
{
    return perBufferFile<WriterTurn>(bufferPath, [] { return new WriterTurn; });
}

WriterTurn::Held::Held(WriterTurn *turn) : m_turn(turn)
{
    if (!m_turn)
        return;
    std::unique_lock lock(m_turn->m_mutex);
    const quint64 ticket = m_turn->m_next++;
    m_turn->m_changed.wait(lock, [&] { return m_turn->m_serving == ticket; });
}

WriterTurn::Held::~Held()
{
    release();
}

void WriterTurn::Held::release()
{
    if (!m_turn)
        return;
    {
        std::lock_guard lock(m_turn->m_mutex);
        ++m_turn->m_serving;
    }
    m_turn->m_changed.notify_all();
    m_turn = nullptr;
}

} // namespace ops
