#include "transaction.h"

#include "jsonspans.h"
#include "jsonwriter.h"
#include "schema.h"

#include <QJsonDocument>
#include <QSet>
#include <QtConcurrent>

#include <algorithm>

namespace ops {

namespace {
/// From this many rows, a bulk's payload is gone through on two cores.
constexpr qsizetype kParallelRows = 4000;
/// Up to this many rows its text is written on two cores too. The second half is written apart
/// and then copied in: for the largest bulks that copy (~7 MB for 100,000 files) would raise the
/// peak memory of a burst of bulks past its bound, while it saves only ~2% of their time.
constexpr qsizetype kParallelTextRows = 20000;

const QLatin1StringView kOps[] = {QLatin1StringView("create"), QLatin1StringView("update"),
                                  QLatin1StringView("bulk_create"),
                                  QLatin1StringView("bulk_update")};

QStringList toStrings(const QJsonArray &array)
{
    QStringList out;
    out.reserve(array.size());
    for (const QJsonValue &v : array)
        out.append(v.toString());
    return out;
}
} // namespace

QString Step::opName(Op op)
{
    return kOps[static_cast<int>(op)];
}

Result<Step> Step::fromJson(const QJsonObject &json, std::optional<RowBlock> rows)
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
    const QJsonObject constants = json.value(QLatin1StringView("constants")).toObject();
    QVariantList constantValues;
    for (auto it = constants.begin(); it != constants.end(); ++it) {
        step.columns << it.key();
        constantValues << jsonwriter::toVariant(it.value());
    }
    if (rows) {
        step.rows = std::move(*rows);
    } else {
        for (const QJsonValue &row : json.value(QLatin1StringView("rows")).toArray()) {
            QVariantList values;
            for (const QJsonValue &v : row.toArray())
                values.append(jsonwriter::toVariant(v));
            values += constantValues;
            if (!step.rows.append(values))
                return invalid(
                    QStringLiteral("step %1: rows of different widths").arg(step.stepId));
        }
    }
    if (!step.rows.isEmpty() && step.rows.columnCount() != step.columns.size())
        return invalid(QStringLiteral("step %1: %2 columns, rows of %3 values")
                           .arg(step.stepId)
                           .arg(step.columns.size())
                           .arg(step.rows.columnCount()));
    return step;
}

QByteArray Transaction::payload() const
{
    using namespace jsonwriter;
    QByteArray out;
    out.reserve(256);
    const auto field = [&out](const char *name, const QString &value) {
        out.append('"').append(name).append("\":");
        appendString(out, value);
        out.append(',');
    };
    out.append('{');
    field("id", id);
    field("kind", kind);
    field("summary", summary);
    field("actor", actor);
    field("created_at", createdAt);
    out.append("\"steps\":[");
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const Step &s = steps[i];
        if (i)
            out.append(',');
        out.append('{');
        field("step_id", s.stepId);
        field("op", Step::opName(s.op));
        out.append("\"table\":");
        appendString(out, s.table);
        for (const auto &[name, object] :
             {std::pair{"values", &s.values}, std::pair{"merge", &s.merge},
              std::pair{"expect", &s.expect}}) {
            if (object->isEmpty())
                continue;
            out.append(",\"").append(name).append("\":");
            appendObject(out, *object);
        }
        if (!s.ids.isEmpty()) {
            out.append(",\"ids\":");
            appendStrings(out, s.ids);
        }
        if (!s.columns.isEmpty()) {
            // Columns holding one value in every row (the observation, the module, the time of
            // acceptance...) are written once, as "constants": a bulk's payload, written and
            // fsync'ed with its acknowledgment, shrinks by half.
            const RowBlock::Row firstRow = s.rows.isEmpty() ? RowBlock::Row() : s.rows.row(0);
            const auto constantsIn = [&](qsizetype from, qsizetype to) {
                QList<bool> constant(s.columns.size(), true);
                RowBlock::Row row;
                for (qsizetype r = from; r < to; ++r) {
                    s.rows.read(r, row);
                    for (qsizetype c = 0; c < s.columns.size(); ++c)
                        constant[c] = constant[c] && row[c] == firstRow[c];
                }
                return constant;
            };
            // A large bulk's rows are gone through in two halves on two cores: this runs inside
            // the write, while every other writer waits.
            const qsizetype half = s.rows.size() >= kParallelRows ? s.rows.size() / 2 : 0;
            QList<bool> constant(s.columns.size(), s.rows.size() > 1);
            if (s.rows.size() > 1) {
                QFuture<QList<bool>> later;
                if (half > 0)
                    later = QtConcurrent::run(constantsIn, half, s.rows.size());
                const QList<bool> earlier = constantsIn(1, half > 0 ? half : s.rows.size());
                const QList<bool> rest = half > 0 ? later.result() : earlier;
                for (qsizetype c = 0; c < constant.size(); ++c)
                    constant[c] = earlier[c] && rest[c];
            }
            QStringList varying;
            out.append(",\"constants\":{");
            bool first = true;
            for (qsizetype c = 0; c < s.columns.size(); ++c) {
                if (!constant[c]) {
                    varying << s.columns[c];
                    continue;
                }
                if (!std::exchange(first, false))
                    out.append(',');
                appendString(out, s.columns[c]);
                out.append(':');
                appendPlain(out, firstRow[c]);
            }
            out.append("},\"columns\":");
            appendStrings(out, varying);
            out.append(",\"rows\":[");
            // Room for `rows` rows at once, sized by the first: rows of a bulk are alike. The
            // whole payload's room is taken by the first half, which the second is appended to.
            const auto writeRows = [&](qsizetype from, qsizetype to, QByteArray &text,
                                       qsizetype rows) {
                RowBlock::Row row;
                const qsizetype rowsStart = text.size();
                for (qsizetype r = from; r < to; ++r) {
                    if (r == from + 1)
                        text.reserve(text.size() + (text.size() - rowsStart) * 5 / 4 * rows);
                    text.append(r ? ",[" : "[");
                    s.rows.read(r, row);
                    bool firstValue = true;
                    for (qsizetype c = 0; c < row.size(); ++c) {
                        if (constant[c])
                            continue;
                        if (!std::exchange(firstValue, false))
                            text.append(',');
                        appendPlain(text, row[c]);
                    }
                    text.append(']');
                }
            };
            if (half > 0 && s.rows.size() <= kParallelTextRows) {
                QFuture<QByteArray> later = QtConcurrent::run([&] {
                    QByteArray text;
                    writeRows(half, s.rows.size(), text, s.rows.size() - half);
                    return text;
                });
                writeRows(0, half, out, s.rows.size());
                out.append(later.result());
            } else {
                writeRows(0, s.rows.size(), out, s.rows.size());
            }
            out.append(']');
        }
        out.append('}');
    }
    out.append("]}");
    return out;
}

namespace {
/// A payload with the "rows" of its steps cut out, and those rows read straight from the text.
/// A 100,000-file bulk's payload as one QJsonDocument took three times its size again, on top
/// of the rows themselves, while the sync engine replayed it.
struct SplitPayload
{
    QByteArray rest;
    QList<std::optional<RowBlock>> rows; ///< per step, constants included; nothing when none
};

std::optional<SplitPayload> splitRows(const QByteArray &payload)
{
    const auto members = jsonspans::objectMembers(payload);
    if (!members)
        return std::nullopt;
    const auto steps = std::find_if(members->cbegin(), members->cend(),
                                    [](const auto &m) { return m.key == QByteArrayView("steps"); });
    if (steps == members->cend())
        return std::nullopt;
    const auto stepTexts = jsonspans::listElements(steps->value);
    if (!stepTexts)
        return std::nullopt;
    SplitPayload split;
    qsizetype copied = 0; // payload bytes up to here are in `rest`
    for (const QByteArrayView step : *stepTexts) {
        const auto stepMembers = jsonspans::objectMembers(step);
        if (!stepMembers)
            return std::nullopt;
        std::optional<RowBlock> rows;
        // Appended to each row, in the order Step::fromJson appends their columns (the
        // object's, sorted by name).
        QVariantList constants;
        for (qsizetype i = 1; i < stepMembers->size(); ++i) { // never the first: step_id is
            if (stepMembers->at(i).key == QByteArrayView("constants")) {
                const QJsonObject object =
                    QJsonDocument::fromJson(stepMembers->at(i).value.toByteArray()).object();
                for (auto it = object.begin(); it != object.end(); ++it)
                    constants << jsonwriter::toVariant(it.value());
            }
            if (stepMembers->at(i).key != QByteArrayView("rows"))
                continue;
            rows = jsonwriter::readRows(stepMembers->at(i).value, constants);
            if (!rows)
                return std::nullopt;
            // Cut from the end of the member before it, so its comma goes too.
            const QByteArrayView before = stepMembers->at(i - 1).whole;
            const qsizetype cutFrom = before.data() + before.size() - payload.constData();
            const QByteArrayView whole = stepMembers->at(i).whole;
            split.rest.append(payload.constData() + copied, cutFrom - copied);
            copied = whole.data() + whole.size() - payload.constData();
        }
        split.rows.append(std::move(rows));
    }
    split.rest.append(payload.constData() + copied, payload.size() - copied);
    return split;
}
} // namespace

Result<Transaction> Transaction::fromPayload(const QString &id, const QByteArray &payload)
{
    // Small payloads (nearly all) are parsed whole: splitting costs more than it saves there.
    constexpr qsizetype kSplitFromBytes = 64 * 1024;
    auto split = payload.size() >= kSplitFromBytes ? splitRows(payload) : std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(split ? split->rest : payload, &parseError);
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
    const QJsonArray steps = json.value(QLatin1StringView("steps")).toArray();
    if (split && split->rows.size() != steps.size())
        return invalid(QStringLiteral("transaction %1: damaged payload (steps)").arg(id));
    for (qsizetype i = 0; i < steps.size(); ++i) {
        auto step = Step::fromJson(steps.at(i).toObject(),
                                   split ? std::move(split->rows[i]) : std::nullopt);
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
            RowBlock::Row row;
            if (idColumn >= 0)
                for (qsizetype r = 0; r < s.rows.size(); ++r) {
                    s.rows.read(r, row);
                    add(row[idColumn].toString());
                }
            break;
        }
        }
    }
    return out;
}

qsizetype Transaction::rowCount() const
{
    qsizetype rows = 0;
    for (const Step &s : steps)
        rows += s.op == Step::Op::BulkCreate ? s.rows.size() : 1;
    return rows;
}

QSet<QString> Transaction::dependencyIds() const
{
    const QStringList own = recordIds();
    QSet<QString> ids(own.cbegin(), own.cend());
    static const QStringList references{QStringLiteral("executed_obs_unit_id"),
                                        QStringLiteral("raw_data_package_id"),
                                        QStringLiteral("staging_job_id")};
    for (const Step &s : steps) {
        for (const QString &column : references) {
            const QJsonValue value = s.values.value(column);
            if (value.isString())
                ids.insert(value.toString());
            const auto at = s.columns.indexOf(column);
            RowBlock::Row row;
            if (at >= 0)
                for (qsizetype r = 0; r < s.rows.size(); ++r) {
                    s.rows.read(r, row);
                    if (!row[at].isNull())
                        ids.insert(row[at].toString());
                }
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
