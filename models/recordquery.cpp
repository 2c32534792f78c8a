#include "recordquery.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace ops {

RecordQuery RecordQuery::merged(QLatin1StringView tableName, QString order)
{
    RecordQuery query;
    const schema::Table &table = *schema::table(tableName);
    query.from = QString(tableName) + QStringLiteral(" t");
    for (const schema::Column &c : table.columns)
        query.fields.append({QString(c.name), QStringLiteral("t.") + QString(c.name), c.type});
    query.fields.append({QStringLiteral("sync_state"), schema::syncStateSql(QStringLiteral("t")),
                         schema::ColumnType::Text});
    query.order = std::move(order);
    // Observations live in their primary key (WITHOUT ROWID): no late join for them.
    if (tableName != schema::kObservation)
        query.rowKey = QStringLiteral("t.rowid");
    query.quick = {all(), buffered(), refused()};
    return query;
}

RecordQuery &RecordQuery::add(const QString &key, const QString &expr, schema::ColumnType type,
                              const QString &search)
{
    fields.append({key, expr, type, search});
    return *this;
}

const RecordQuery::Field *RecordQuery::field(const QString &key) const
{
    for (const Field &f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

RecordQuery::QuickFilter RecordQuery::all()
{
    return {QStringLiteral("all"), QCoreApplication::translate("ops::RecordQuery", "All"), {}};
}

RecordQuery::QuickFilter RecordQuery::buffered()
{
    // Cheaper than the full sync_state expression: a dead-lettered row is never "buffered".
    return {QStringLiteral("buffered"), QCoreApplication::translate("ops::RecordQuery", "Buffered"),
            QStringLiteral("t.sync_state <> 'failed' AND t.last_tx IN (SELECT seq FROM outbox "
                           "WHERE state IN ('pending', 'failed'))")};
}

RecordQuery::QuickFilter RecordQuery::refused()
{
    return {QStringLiteral("refused"), QCoreApplication::translate("ops::RecordQuery", "Refused"),
            QStringLiteral("t.sync_state = 'failed'")};
}

QString RecordQuery::exprOf(const QString &key) const
{
    for (const Field &f : fields)
        if (f.key == key)
            return f.expr;
    return {};
}

namespace recordquery {

namespace {

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

/// The filter box: every word must appear in one of the searched fields.
QString searchCondition(const RecordQuery &query, const QString &search, QVariantList &binds)
{
    const QStringList words = search.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty() || query.searchKeys.isEmpty())
        return {};
    QStringList all;
    for (const QString &word : words) {
        QStringList any;
        for (const QString &key : query.searchKeys) {
            const RecordQuery::Field *f = query.field(key);
            if (!f)
                continue;
            any << (f->search.isEmpty() ? QStringLiteral("%1 LIKE ? ESCAPE '\\'").arg(f->expr)
                                        : f->search);
            binds << likePattern(word);
        }
        all << QStringLiteral("(") + any.join(QStringLiteral(" OR ")) + QStringLiteral(")");
    }
    return all.join(QStringLiteral(" AND "));
}

QString quickCondition(const RecordQuery &query, const QString &id)
{
    for (const RecordQuery::QuickFilter &q : query.quick)
        if (q.id == id)
            return q.condition;
    return {};
}

QString whereClause(const RecordQuery &query, const ViewState &state, QVariantList &binds)
{
    QStringList parts;
    if (!query.scope.isEmpty()) {
        parts << QStringLiteral("(") + query.scope + QStringLiteral(")");
        binds << query.scopeBinds;
    }
    if (const QString search = searchCondition(query, state.search, binds); !search.isEmpty())
        parts << search;
    if (const QString quick = quickCondition(query, state.quick); !quick.isEmpty())
        parts << QStringLiteral("(") + quick + QStringLiteral(")");
    return parts.isEmpty() ? QString()
                           : QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
}

QString orderClause(const RecordQuery &query, const ViewState &state)
{
    QStringList keys;
    if (const QString expr = query.exprOf(state.sortKey); !expr.isEmpty())
        keys << expr + (state.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC"));
    if (!query.order.isEmpty())
        keys << query.order;
    keys << (query.rowKey.isEmpty() ? QStringLiteral("t.id") : query.rowKey);
    return QStringLiteral(" ORDER BY ") + keys.join(QStringLiteral(", "));
}

QString selectList(const RecordQuery &query)
{
    QStringList exprs;
    for (const RecordQuery::Field &f : query.fields)
        exprs << f.expr;
    return exprs.join(QStringLiteral(", "));
}

} // namespace

QString pageSql(const RecordQuery &query, const ViewState &state, QVariantList *binds)
{
    QVariantList b;
    const QString where = whereClause(query, state, b);
    const QString order = orderClause(query, state);
    QString sql;
    if (!query.rowKey.isEmpty()) {
        // Late join: the sorter carries only the sort key and the rowid, not whole rows (a
        // million-row sort is three times faster so), and the page's rows are read after.
        sql = QStringLiteral("SELECT %1 FROM (SELECT %2 AS k_ FROM %3%4%5 LIMIT ? OFFSET ?) k "
                             "CROSS JOIN %3 ON %2 = k.k_%5")
                  .arg(selectList(query), query.rowKey, query.from, where, order);
    } else {
        sql = QStringLiteral("SELECT %1 FROM %2%3%4 LIMIT ? OFFSET ?")
                  .arg(selectList(query), query.from, where, order);
    }
    if (binds)
        *binds = b;
    return sql;
}

QJsonArray page(QSqlDatabase db, const RecordQuery &query, const ViewState &state, int offset,
                int limit)
{
    QVariantList binds;
    const QString sql = pageSql(query, state, &binds);
    binds << limit << offset;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QJsonArray rows;
    if (!q.prepare(sql)) {
        qWarning("record query: %s", qPrintable(q.lastError().text()));
        return rows;
    }
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds[i]);
    if (!q.exec())
        return rows;
    while (q.next()) {
        QJsonObject row;
        for (int i = 0; i < query.fields.size(); ++i) {
            const RecordQuery::Field &f = query.fields[i];
            row.insert(f.key, schema::toJson(q.value(i), f.type));
        }
        if (query.finish)
            query.finish(row);
        rows.append(row);
    }
    return rows;
}

QueryCounts counts(QSqlDatabase db, const RecordQuery &query, const ViewState &state)
{
    QVariantList binds;
    QStringList sums;
    {
        QVariantList b;
        QStringList parts;
        if (const QString s = searchCondition(query, state.search, b); !s.isEmpty())
            parts << s;
        if (const QString quick = quickCondition(query, state.quick); !quick.isEmpty())
            parts << QStringLiteral("(") + quick + QStringLiteral(")");
        sums << (parts.isEmpty()
                     ? QStringLiteral("count(*)")
                     : QStringLiteral("coalesce(sum(CASE WHEN %1 THEN 1 ELSE 0 END), 0)")
                           .arg(parts.join(QStringLiteral(" AND "))));
        binds << b;
    }
    for (const RecordQuery::QuickFilter &q : query.quick)
        sums << (q.condition.isEmpty()
                     ? QStringLiteral("count(*)")
                     : QStringLiteral("coalesce(sum(CASE WHEN %1 THEN 1 ELSE 0 END), 0)")
                           .arg(q.condition));
    QString sql = QStringLiteral("SELECT count(*), %1 FROM %2")
                      .arg(sums.join(QStringLiteral(", ")), query.from);
    if (!query.scope.isEmpty())
        sql += QStringLiteral(" WHERE ") + query.scope;
    binds << query.scopeBinds;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QueryCounts out;
    if (!q.prepare(sql))
        return out;
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds[i]);
    if (!q.exec() || !q.next())
        return out;
    out.total = q.value(0).toLongLong();
    out.matching = q.value(1).toLongLong();
    for (int i = 0; i < query.quick.size(); ++i)
        out.perQuick << q.value(2 + i).toLongLong();
    return out;
}

} // namespace recordquery

} // namespace ops
