#pragma once

#include "result.h"
#include "rowblock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QVariantList>

#include <optional>

namespace ops {

/// One step of a buffered transaction. Steps are replayed in order, locally at once and on
/// central later; values may refer to an earlier step's record with {"$ref": "<step_id>"}.
struct Step
{
    enum class Op
    {
        Create,
        Update,
        BulkCreate,
        BulkUpdate
    };

    QString stepId;
    Op op = Op::Create;
    QString table;
    /// Create: the full row (with "id"). Update: the columns to set.
    QJsonObject values;
    /// Update: JSON columns whose top-level keys are merged into the stored object.
    QJsonObject merge;
    /// Update: precondition, column -> list of allowed current values. Checked locally and again
    /// on central at apply time, so central's newer state wins with a clear message.
    QJsonObject expect;
    /// Update, BulkUpdate: the records changed.
    QStringList ids;
    /// BulkCreate: column names and one row of plain values (string, integer, double, bool,
    /// null) per record, in that column order, packed in a row block: a 100,000-file bulk is
    /// bound to SQLite, written to the outbox and sent to central without converting each value.
    QStringList columns;
    RowBlock rows;

    /// `rows`, when given, were read from the payload's text (see Transaction::fromPayload) and
    /// stand for the object's "rows", its constants included.
    static Result<Step> fromJson(const QJsonObject &json,
                                 std::optional<RowBlock> rows = std::nullopt);
    static QString opName(Op op);
};

/// One user-visible operation as the sync engine will replay it: all of its steps or none.
struct Transaction
{
    QString id;
    QString kind;    ///< e.g. "start_observation", "register_files"
    QString summary; ///< one line for the operator
    QString actor;   ///< token name or desktop user
    QString createdAt;
    QList<Step> steps;

    QByteArray payload() const;
    static Result<Transaction> fromPayload(const QString &id, const QByteArray &payload);
    /// Ids of every record the transaction creates or changes, in step order, without repeats.
    QStringList recordIds() const;
    /// recordIds() plus the records it refers to (the observation of a file, the package of a
    /// staging link...): a transaction depends on every earlier one that touched any of these.
    QSet<QString> dependencyIds() const;
    /// Rows it writes: a bulk's rows, one for any other step. Batches and units are sized by it.
    qsizetype rowCount() const;
};

/// Reads a value that may be a {"$ref": step_id} against the ids created so far.
QJsonValue resolveReference(const QJsonValue &value, const QHash<QString, QString> &createdIds);

} // namespace ops
