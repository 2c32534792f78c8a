#pragma once

#include "result.h"
#include "transaction.h"

#include <QSqlDatabase>

namespace ops {

/// Applies a transaction's steps to the buffer's merged-state tables, inside the caller's open
/// SQLite transaction. Every touched row is marked `buffered` and stamped with the outbox seq.
/// The same preconditions ("expect") that central will check again are checked here, so a
/// local refusal and a central refusal read alike.
class LocalApplier final
{
public:
    LocalApplier(QSqlDatabase db, qint64 seq);

    Status apply(const Transaction &tx);

    /// Binds a step value into a statement the way the buffer stores that column type.
    static QVariant toSqlValue(const QJsonValue &value, int columnType);

private:
    Status create(const Step &step);
    Status bulkCreate(const Step &step);
    Status update(const Step &step);

    QSqlDatabase m_db;
    qint64 m_seq;
    QHash<QString, QString> m_createdIds;
};

} // namespace ops
