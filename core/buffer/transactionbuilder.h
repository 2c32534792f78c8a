#pragma once

#include "transaction.h"

#include <QHash>

namespace ops {

/// Builds one Transaction step by step, the way the original system's builder does: each step
/// has a step id, creates carry pre-generated UUIDs, and later steps may refer to earlier ones.
/// build() refuses a malformed specification (duplicate step id, reference forward or to an
/// unknown step, unknown table or column), so what reaches the outbox always replays.
class TransactionBuilder
{
public:
    TransactionBuilder(QString kind, QString summary, QString actor, QString createdAt);

    /// Creates one record; returns its id (taken from values["id"], generated when absent).
    QString create(const QString &table, QJsonObject values, const QString &stepId);
    void update(const QString &table, const QString &id, const QJsonObject &set,
                const QString &stepId, const QJsonObject &expect = {},
                const QJsonObject &merge = {});
    void bulkCreate(const QString &table, const QStringList &columns, RowBlock rows,
                    const QString &stepId);
    /// The same from rows of QVariants (small bulks); a row of another width than the first
    /// makes build() refuse the transaction.
    void bulkCreate(const QString &table, const QStringList &columns,
                    const QList<QVariantList> &rows, const QString &stepId);
    void bulkUpdate(const QString &table, const QStringList &ids, const QJsonObject &set,
                    const QString &stepId, const QJsonObject &expect = {});

    /// A value that stands for the id created by an earlier step.
    static QJsonObject reference(const QString &stepId);

    Result<Transaction> build() const;

private:
    /// A new step at the end, with its op, table and id set.
    Step &addStep(Step::Op op, const QString &table, const QString &stepId);

    Transaction m_tx;
    QString m_rowProblem; ///< why a bulk's rows could not be taken, for build() to answer
};

} // namespace ops
