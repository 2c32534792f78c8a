#include "transactionbuilder.h"

#include "schema.h"
#include "uuids.h"

#include <QSet>

namespace ops {

TransactionBuilder::TransactionBuilder(QString kind, QString summary, QString actor,
                                       QString createdAt)
{
    m_tx.id = uuids::generate();
    m_tx.kind = std::move(kind);
    m_tx.summary = std::move(summary);
    m_tx.actor = std::move(actor);
    m_tx.createdAt = std::move(createdAt);
}

QString TransactionBuilder::create(const QString &table, QJsonObject values, const QString &stepId)
{
    QString id = values.value(QLatin1StringView("id")).toString();
    if (id.isEmpty() && table != schema::kStagingJobPackage) {
        id = uuids::generate();
        values.insert(QStringLiteral("id"), id);
    }
    addStep(Step::Op::Create, table, stepId).values = std::move(values);
    return id;
}

void TransactionBuilder::update(const QString &table, const QString &id, const QJsonObject &set,
                                const QString &stepId, const QJsonObject &expect,
                                const QJsonObject &merge)
{
    Step &step = addStep(Step::Op::Update, table, stepId);
    step.ids = {id};
    step.values = set;
    step.expect = expect;
    step.merge = merge;
}

void TransactionBuilder::bulkCreate(const QString &table, const QStringList &columns,
                                    const QList<QVariantList> &rows, const QString &stepId)
{
    RowBlock block;
    for (qsizetype r = 0; r < rows.size(); ++r)
        if (!block.append(rows[r]) && m_rowProblem.isEmpty())
            m_rowProblem =
                QStringLiteral("step \"%1\": row %2 has %3 values, the rows before it %4")
                    .arg(stepId)
                    .arg(r)
                    .arg(rows[r].size())
                    .arg(block.columnCount());
    bulkCreate(table, columns, std::move(block), stepId);
}

void TransactionBuilder::bulkCreate(const QString &table, const QStringList &columns, RowBlock rows,
                                    const QString &stepId)
{
    Step &step = addStep(Step::Op::BulkCreate, table, stepId);
    step.columns = columns;
    step.rows = std::move(rows);
}

void TransactionBuilder::bulkUpdate(const QString &table, const QStringList &ids,
                                    const QJsonObject &set, const QString &stepId,
                                    const QJsonObject &expect)
{
    Step &step = addStep(Step::Op::BulkUpdate, table, stepId);
    step.ids = ids;
    step.values = set;
    step.expect = expect;
}

Step &TransactionBuilder::addStep(Step::Op op, const QString &table, const QString &stepId)
{
    Step &step = m_tx.steps.emplaceBack();
    step.stepId = stepId;
    step.op = op;
    step.table = table;
    return step;
}

QJsonObject TransactionBuilder::reference(const QString &stepId)
{
    return {{QStringLiteral("$ref"), stepId}};
}

Result<Transaction> TransactionBuilder::build() const
{
    if (m_tx.steps.isEmpty())
        return invalid(QStringLiteral("transaction %1 has no steps").arg(m_tx.kind));
    if (!m_rowProblem.isEmpty())
        return invalid(m_rowProblem);
    QSet<QString> seen;
    for (const Step &step : m_tx.steps) {
        // Only a refusal needs the step's name (every acknowledgment builds a transaction).
        const auto refuse = [&step](const QString &problem) {
            return invalid(QStringLiteral("step \"%1\": ").arg(step.stepId) + problem);
        };
        if (step.stepId.isEmpty() || seen.contains(step.stepId))
            return refuse(QStringLiteral("step id missing or used twice"));
        const schema::Table *table = schema::table(step.table);
        if (!table)
            return refuse(QStringLiteral("unknown table \"%1\"").arg(step.table));
        QString unknown;
        const auto known = [&](const QString &column) {
            if (table->indexOf(QStringView(column)) >= 0)
                return true;
            unknown = column;
            return false;
        };
        const auto allKnown = [&](const QJsonObject &object) {
            for (auto it = object.begin(); it != object.end(); ++it)
                if (!known(it.key()))
                    return false;
            return true;
        };
        if (!std::all_of(step.columns.cbegin(), step.columns.cend(), known) ||
            !allKnown(step.values) || !allKnown(step.merge) || !allKnown(step.expect))
            return refuse(QStringLiteral("unknown column %1.%2").arg(step.table, unknown));
        for (const QJsonValue &value : step.values) {
            if (!value.isObject())
                continue;
            const QJsonValue ref = value.toObject().value(QLatin1StringView("$ref"));
            if (ref.isString() && !seen.contains(ref.toString()))
                return refuse(QStringLiteral("refers to \"%1\", which is not an earlier step")
                                  .arg(ref.toString()));
        }
        if ((step.op == Step::Op::Update || step.op == Step::Op::BulkUpdate) && step.ids.isEmpty())
            return refuse(QStringLiteral("an update needs at least one id"));
        if (step.op == Step::Op::BulkCreate && step.rows.isEmpty())
            return refuse(QStringLiteral("a bulk create needs at least one row"));
        if (step.op == Step::Op::BulkCreate && step.rows.columnCount() != step.columns.size())
            return refuse(QStringLiteral("rows of %1 values for %2 columns")
                              .arg(step.rows.columnCount())
                              .arg(step.columns.size()));
        seen.insert(step.stepId);
    }
    return m_tx;
}

} // namespace ops
