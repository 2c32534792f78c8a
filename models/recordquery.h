#pragma once

#include "schema.h"

#include <QJsonArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <functional>

namespace ops {

/// What a record table reads, as SQL over the buffer, so that the filter box, the quick status
/// filters and a click on a column header run over every row of the merged state, not only over
/// the rows already paged in. Every table is aliased `t`.
struct RecordQuery
{
    struct Field
    {
        QString key;  ///< the record's field name
        QString expr; ///< SQL over `t`
        schema::ColumnType type = schema::ColumnType::Text;
        /// How the filter box searches it, `?` being the LIKE pattern; empty: `expr LIKE ?`.
        /// A name looked up per row is searched as a set instead (`id IN (... LIKE ?)`).
        QString search = {};
    };
    /// A status filter in the qBittorrent style ("Running", "Buffered", "Refused"...).
    struct QuickFilter
    {
        QString id;
        QString label;
        QString condition; ///< SQL over `t`; empty: every row
    };

    QString from; ///< "raw_data_file t"
    QList<Field> fields;
    QString scope; ///< what this view shows at all (this night, this observation)
    QVariantList scopeBinds;
    QString order;            ///< the view's own order, and the tie-break under a sorted column
    QString rowKey;           ///< "t.rowid" when the table has one: sorted pages join late on it
    QStringList searchKeys;   ///< fields the filter box searches (case-insensitive substring)
    QList<QuickFilter> quick; ///< the first is "All"
    /// Turns a row as read into the record (e.g. a comma list into a JSON array).
    std::function<void(QJsonObject &)> finish;

    /// Every column of a replicated table plus its `sync_state`, ordered by `order`.
    static RecordQuery merged(QLatin1StringView table, QString order);
    /// Adds a field computed in SQL (a name instead of an id, a count).
    RecordQuery &add(const QString &key, const QString &expr,
                     schema::ColumnType type = schema::ColumnType::Text,
                     const QString &search = {});
    /// The quick filters every merged table has: All, Buffered, Refused.
    static QuickFilter all();
    static QuickFilter buffered();
    static QuickFilter refused();
    QString exprOf(const QString &key) const;
    const Field *field(const QString &key) const;
};

/// How the operator narrowed and ordered a view.
struct ViewState
{
    QString search;
    QString quick; ///< QuickFilter::id; empty: all
    QString sortKey;
    bool descending = false;
    bool operator==(const ViewState &) const = default;
};

/// The counts behind "N of M" and the quick filters' badges.
struct QueryCounts
{
    qint64 total = -1;      ///< rows in the view's scope
    qint64 matching = -1;   ///< rows that pass the filter box and the quick filter
    QList<qint64> perQuick; ///< rows in each quick filter (without the filter box)
};

namespace recordquery {
/// One page of rows as JSON records, in the view's order.
QJsonArray page(QSqlDatabase db, const RecordQuery &query, const ViewState &state, int offset,
                int limit);
/// The counts, in one scan.
QueryCounts counts(QSqlDatabase db, const RecordQuery &query, const ViewState &state);
/// The SQL `page` runs (for the benchmark and for reading).
QString pageSql(const RecordQuery &query, const ViewState &state, QVariantList *binds);
} // namespace recordquery

} // namespace ops
