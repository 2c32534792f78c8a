#pragma once

#include "outbox.h"
#include "pgconnection.h"

namespace ops {

/// Replays buffered transactions on central. Each transaction's steps and its
/// opsdb.applied_transaction row commit together, so a replay after a crash anywhere (even
/// between central's commit and the local "done" mark) finds the row and does nothing.
/// Runs of transactions share one PostgreSQL transaction and as few round trips as their order
/// allows; bulks go through COPY.
class CentralApplier final
{
public:
    CentralApplier(PgConnection &connection, QString site, QString consoleId);

    struct Outcome
    {
        QList<OutboxEntry> applied;       ///< committed on central (or found already there)
        std::optional<qint64> refusedSeq; ///< central refused this one for good
        QString error;                    ///< central's message for the refusal or the failure
        bool transient = false;           ///< stopped by an outage: try again later
    };

    /// Applies `batch` in order, stopping at the first refusal or outage.
    Outcome apply(const QList<OutboxEntry> &batch);

    /// Rows from which a bulk create goes through COPY instead of INSERT (consecutive ones into
    /// the same table share one COPY, across transactions).
    static constexpr int kCopyFromRows = 100;

    /// The SQL that applies one transaction, without BEGIN/COMMIT (exposed for tests).
    QByteArray sqlFor(const Transaction &tx) const;

private:
    /// Applies `unit` in one PostgreSQL transaction, committed; false on failure (rolled back).
    bool applyUnit(const QList<const OutboxEntry *> &unit);
    static void appendCopyRows(QByteArray &data, const Step &step);
    void appendAppliedRow(QByteArray &sql, const Transaction &tx) const;
    void appendStep(QByteArray &sql, const Step &step, QHash<QString, QString> &created) const;

    PgConnection &m_pg;
    QString m_site;
    QString m_consoleId;
};

} // namespace ops
