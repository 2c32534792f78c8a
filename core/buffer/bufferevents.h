#pragma once

#include <QObject>

namespace ops {

/// Process-wide announcements that the buffer changed, so views and the sync worker wake at
/// once instead of polling. Emitted from whichever thread committed; receivers in other threads
/// get them queued. Carries no data: receivers read what they need through their own connection.
class BufferEvents final : public QObject
{
    Q_OBJECT
public:
    static BufferEvents *instance();

Q_SIGNALS:
    /// A local transaction was committed (acknowledged) or changed state in the outbox.
    void transactionsChanged();
    /// Records of `table` changed in the merged state.
    void recordsChanged(const QString &table);

private:
    BufferEvents() = default;
};

} // namespace ops
