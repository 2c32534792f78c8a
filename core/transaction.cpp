#include "transaction.h"

#include "schema.h"

#include <QJsonDocument>
#include <QSet>

namespace ops {

namespace {
const QLatin1StringView kOps[] = {QLatin1StringView("create"), QLatin1StringView("update"),
                                  QLatin1StringView("bulk_create"),
                                  QLatin1StringView("bulk_update")};

QJsonArray toArray(const QStringList &list) { return QJsonArray::fromStringList(list); }

QStringList toStrings(const QJsonArray &array)
{
    QStringList out;
    out.reserve(array.size());
    for (const QJsonValue &v : array)
        out.append(v.toString());
    return out;
}
} // namespace

QString Step::opName(Op op) { return kOps[static_cast<int>(op)]; }

QJsonObject Step::toJson() const
{
    QJsonObject json{{QStringLiteral("step_id"), stepId},
                     {QStringLiteral("op"), opName(op)},
                     {QStringLiteral("table"), table}};
    if (!values.isEmpty())
        json.insert(QStringLiteral("values"), values);
    if (!merge.isEmpty())
        json.insert(QStringLiteral("merge"), merge);
    if (!expect.isEmpty())
        json.insert(QStringLiteral("expect"), expect);
    if (!ids.isEmpty())
        json.insert(QStringLiteral("ids"), toArray(ids));
    if (!columns.isEmpty()) {
        json.insert(QStringLiteral("columns"), toArray(columns));
        json.insert(QStringLiteral("rows"), rows);
    }
    return json;
}

Result<Step> Step::fromJson(const QJsonObject &json)
{
    Step step;
    step.stepId = json.value(QLatin1StringView("step_id")).toString();
    const QString op = json.value(QLatin1StringView("op")).toString();
    bool known = false;
    for (int i = 0; i < 4; ++i)
        if (op == kOps[i]) {
            step.op = static_cast<Op>(i);
            known = true;
        }
    step.table = json.value(QLatin1StringView("table")).toString();
    if (!known || step.stepId.isEmpty() || !schema::table(step.table))
        return invalid(QStringLiteral("step %1: unknown op \"%2\" or table \"%3\"")
                           .arg(step.stepId, op, step.table));
    step.values = json.value(QLatin1StringView("values")).toObject();
    step.merge = json.value(QLatin1StringView("merge")).toObject();
    step.expect = json.value(QLatin1StringView("expect")).toObject();
    step.ids = toStrings(json.value(QLatin1StringView("ids")).toArray());
    step.columns = toStrings(json.value(QLatin1StringView("columns")).toArray());
    step.rows = json.value(QLatin1StringView("rows")).toArray();
    return step;
}

QByteArray Transaction::payload() const
{
    QJsonArray stepArray;
    for (const Step &s : steps)
        stepArray.append(s.toJson());
    const QJsonObject json{{QStringLiteral("id"), id},           {QStringLiteral("kind"), kind},
                           {QStringLiteral("summary"), summary}, {QStringLiteral("actor"), actor},
                           {QStringLiteral("created_at"), createdAt},
                           {QStringLiteral("steps"), stepArray}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

Result<Transaction> Transaction::fromPayload(const QString &id, const QByteArray &payload)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &parseError);
    if (!doc.isObject())
        return invalid(QStringLiteral("transaction %1: damaged payload (%2)")
                           .arg(id, parseError.errorString()));
    const QJsonObject json = doc.object();
    Transaction tx;
    tx.id = json.value(QLatin1StringView("id")).toString();
    tx.kind = json.value(QLatin1StringView("kind")).toString();
    tx.summary = json.value(QLatin1StringView("summary")).toString();
    tx.actor = json.value(QLatin1StringView("actor")).toString();
    tx.createdAt = json.value(QLatin1StringView("created_at")).toString();
    if (tx.id != id)
        return invalid(QStringLiteral("transaction %1: payload belongs to %2").arg(id, tx.id));
    for (const QJsonValue &v : json.value(QLatin1StringView("steps")).toArray()) {
        auto step = Step::fromJson(v.toObject());
        if (!step)
            return step.error();
        tx.steps.append(std::move(step).value());
    }
    return tx;
}

QStringList Transaction::recordIds() const
{
    QStringList out;
    QSet<QString> seen;
    const auto add = [&](const QString &id) {
        if (!id.isEmpty() && !seen.contains(id)) {
            seen.insert(id);
            out.append(id);
        }
    };
    for (const Step &s : steps) {
        switch (s.op) {
        case Step::Op::Create:
            add(s.values.value(QLatin1StringView("id")).toString());
            break;
        case Step::Op::Update:
        case Step::Op::BulkUpdate:
            for (const QString &id : s.ids)
                add(id);
            break;
        case Step::Op::BulkCreate: {
            const auto idColumn = s.columns.indexOf(QLatin1StringView("id"));
            if (idColumn >= 0)
                for (const QJsonValue &row : s.rows)
                    add(row.toArray().at(idColumn).toString());
            break;
        }
        }
    }
    return out;
}

QSet<QString> Transaction::dependencyIds() const
{
    const QStringList own = recordIds();
    QSet<QString> ids(own.cbegin(), own.cend());
    static const QStringList references{QStringLiteral("executed_obs_unit_id"), QStringLiteral("raw_data_package_id"),
                                        QStringLiteral("staging_job_id")};
    for (const Step &s : steps) {
        for (const QString &column : references) {
            const QJsonValue value = s.values.value(column);
            if (value.isString())
                ids.insert(value.toString());
            const auto at = s.columns.indexOf(column);
            if (at >= 0)
                for (const QJsonValue &row : s.rows)
                    if (const QJsonValue v = row.toArray().at(at); v.isString())
                        ids.insert(v.toString());
        }
    }
    return ids;
}

QJsonValue resolveReference(const QJsonValue &value, const QHash<QString, QString> &createdIds)
{
    if (!value.isObject())
        return value;
    const QJsonValue ref = value.toObject().value(QLatin1StringView("$ref"));
    if (!ref.isString())
        return value;
    return createdIds.value(ref.toString());
}

} // namespace ops
