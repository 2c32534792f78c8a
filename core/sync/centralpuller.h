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

    /// A gap in change_seq (a transaction still running, or rolled back) is waited for this
    /// long before the cursor moves past it.
    static constexpr qint64 kGapPatienceMs = 30000;
    static constexpr int kPageRows = 5000;

private:
    qint64 cursor() const;

    PgConnection &m_pg;
    Buffer &m_buffer;
    QHash<qint64, qint64> m_gapsSeenAt; ///< missing change_seq -> when first seen missing
};

} // namespace ops
