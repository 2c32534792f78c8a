#pragma once

#include "result.h"
#include "schema.h"
#include "transaction.h"

#include <QSet>
#include <QSqlDatabase>

#include <optional>

struct sqlite3;

namespace ops {

/// Applies a transaction's steps to the buffer's merged-state tables, inside the caller's open
/// SQLite transaction. Every touched row is marked `buffered` and stamped with the outbox seq.
/// The same preconditions ("expect") that central will check again are checked here, so a
/// local refusal and a central refusal read alike.
class LocalApplier final
{
public:
    /// Replaying an already accepted transaction on top of central's rows, to rebuild the merged
    /// state of some records: only steps touching `ids` are applied, creates overwrite, and no
    /// precondition is checked again (it was checked when the transaction was accepted).
    struct Replay
    {
        QSet<QString> ids;
        QString syncState; ///< buffered or failed
    };

    /// The hash of the request that creates a record (Operations' check of a re-sent create),
    /// written by that create's own INSERT rather than by an UPDATE after it.
    struct CreateHash
    {
        QString table;
        QString id;
        QString hash;
    };

    LocalApplier(QSqlDatabase db, qint64 seq, std::optional<Replay> replay = std::nullopt,
                 std::optional<CreateHash> createHash = std::nullopt);

    Status apply(const Transaction &tx);

    /// Writes central's version of a row into the merged table, replacing what was there.
    static Status writeCentralRow(QSqlDatabase db, const QString &table, const QJsonObject &row,
                                  qint64 changeSeq);
    /// The same, from the row's values as the buffer stores them (toSqlValue), one per column of
    /// `table` in the schema's order.
    static Status writeCentralValues(QSqlDatabase db, const schema::Table &table,
                                     const QVariantList &values, qint64 changeSeq);

    /// What the buffer holds of one record's row, as the pull needs it before writing central's
    /// version: central's change number it last took (none for a row central has not given),
    /// and whether a local change of it still waits (buffered or failed). A row not held at all
    /// has neither.
    struct HeldRow
    {
        std::optional<qint64> changeSeq;
        bool pendingHere = false;
    };
    /// `key` is the record's id; for a staging job's link, the job's id and the package's.
    static Result<HeldRow> heldRow(QSqlDatabase db, const schema::Table &table,
                                   const QStringList &key);

    /// Binds a step value into a statement the way the buffer stores that column type.
    static QVariant toSqlValue(const QJsonValue &value, int columnType);

private:
    Status create(const Step &step);
    /// Rows of a create or a bulk, with the request's hash added where it belongs.
    Status bulkCreate(const Step &step);
    Status insertRows(const Step &step);
    Status bulkCreateDirect(::sqlite3 *db, const Step &step, const QString &insertSql);
    Status update(const Step &step);
    Status keepCentralBase(const schema::Table &table, const QString &id);
    /// Copies every row of `table` whose `recordColumn` is `recordId` into central_row.
    Status keepCentralRows(const schema::Table &table, const QString &recordColumn,
                           const QString &recordId);

    QSqlDatabase m_db;
    qint64 m_seq;
    std::optional<Replay> m_replay;
    QHash<QString, QString> m_createdIds;
    std::optional<CreateHash> m_createHash;
    bool m_createHashWritten = false;
};

} // namespace ops
