#pragma once

#include "buffer.h"
#include "pgconnection.h"

#include <QHash>

namespace ops {

/// Pulls central's changes into the buffer incrementally by change_seq: other consoles' writes,
/// the data-transfer system's staging and transfer states, and our own writes coming back with
/// central's sequence numbers. A record with no pending local change takes central's version as
/// it is; one with pending changes gets central's version as its base and the pending changes
/// replayed on top.
class CentralPuller final
{
public:
    CentralPuller(PgConnection &connection, Buffer &buffer);

    struct Outcome
    {
        bool ok = true;
        int rows = 0;
        bool more = false; ///< a page limit was reached: pull again at once
        QString error;
    };
    Outcome pull();

    static constexpr int kPageRows = 5000;

private:
    qint64 cursor() const;

    PgConnection &m_pg;
    Buffer &m_buffer;
    /// A missing change_seq -> central's snapshot xmax when it was first found missing: every
    /// transaction that could still bring it had an id below that.
    QHash<qint64, quint64> m_gapsSeenBelow;
};

} // namespace ops
