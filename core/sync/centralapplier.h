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

    /// Rows of one PostgreSQL transaction (a unit): fewer commits against more work lost to an
    /// outage; small enough that the next unit's text is built while central applies this one.
    static constexpr qsizetype kMaxUnitRows = 5000;

    using Unit = QList<const OutboxEntry *>;

    /// What goes over the wire for one unit, in order: SQL text, or a COPY with its data.
    struct Command
    {
        QByteArray sql; ///< SQL text, or the COPY statement when `copyData` is set
        QByteArray copyData;
        bool isCopy = false;
        /// Steps larger than a unit, whose COPY text follows `copyData`: it is written while it
        /// is sent, a megabyte at a time, never held whole (~25 MB for 100,000 files, while the
        /// REST thread may hold the next bulk).
        QList<const Step *> streamedSteps;
    };

    /// Builds a unit's commands. Pure: it runs on a worker thread while the connection is busy.
    QList<Command> compileUnit(const Unit &unit) const;

private:
    /// Sends a compiled unit in one PostgreSQL transaction, committed; false on failure (rolled
    /// back).
    bool executeUnit(const QList<Command> &commands);
    bool applyUnit(const Unit &unit) { return executeUnit(compileUnit(unit)); }
    static void appendCopyRows(QByteArray &data, const Step &step, qsizetype from, qsizetype to);
    /// Sends a COPY command: its text, then its streamed steps' rows.
    bool sendCopy(const QByteArray &statement, const Command &command);
    void appendAppliedCopyRow(QByteArray &data, const Transaction &tx) const;
    /// SQL for an update or a small bulk create (single creates are written by compileUnit()).
    void appendStep(QByteArray &sql, const Step &step, QHash<QString, QString> &created) const;

    PgConnection &m_pg;
    QString m_site;
    QString m_consoleId;
};

} // namespace ops
