#pragma once

#include "recordquery.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QTimeZone>
#include <QTimer>

#include <functional>

namespace ops {

/// One column of a record table: which field, its header, and how to show it.
struct ColumnSpec
{
    enum Kind
    {
        Text,
        Number,
        Bytes,
        Time,
        State
    };
    QString key;
    QString title;
    Kind kind = Text;
};

/// A table over rows of the merged state (or of the outbox), each a JSON record with an "id".
/// Rows are read on worker threads, each with its own buffer connection, a page at a time
/// (canFetchMore/fetchMore), so a million rows open at once and the GUI thread never waits on
/// SQLite. When the buffer changes, the loaded rows are read again in the background and applied
/// as row insertions, removals and dataChanged for what differs, never a reset: selection and
/// scroll position stay where they were.
class RecordTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        RawValueRole = Qt::UserRole,
        IdRole,
        SyncStateRole,
        RecordRole
    };
    /// Reads `limit` rows from `offset`, in a stable order, on the worker's own connection.
    using Loader = std::function<QJsonArray(QSqlDatabase db, int offset, int limit)>;

    RecordTableModel(QString bufferPath, QList<ColumnSpec> columns, QObject *parent = nullptr);

    /// Replaces what the model shows; the first page loads in the background.
    void setLoader(Loader loader);
    /// Shows what `query` reads; the filter box, quick filter and sorted column (kept across
    /// queries) run in its SQL over every row, and the counts follow in the background.
    void setQuery(RecordQuery query);
    bool hasQuery() const { return m_hasQuery; }
    const RecordQuery &query() const { return m_query; }
    void setSearch(const QString &text);
    void setQuickFilter(const QString &id);
    const ViewState &viewState() const { return m_state; }
    /// Filter box, quick filter and sorted column at once (one reload).
    void setViewState(const ViewState &state);
    /// Sorts in SQL by the column's raw value; -1: the view's own order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    const QueryCounts &counts() const { return m_counts; }
    /// Drops every row (the view has nothing to show, e.g. no observation selected).
    void clear();
    /// Reads the loaded rows again and applies the differences.
    void refresh();
    /// Times are shown in this zone (the site's), not the machine's.
    /// How a state column's tooltip explains a state (default: stateicons::explanation); the
    /// Sync view's own, so that it never sends the operator to the Sync view.
    void setStateExplanation(std::function<QString(const QString &)> explain)
    {
        m_explain = std::move(explain);
    }
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }
    const QTimeZone &timeZone() const { return m_zone; }
    /// The columns it shows (key, title, kind).
    const QList<ColumnSpec> &columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    /// Loads every remaining row (at most kFetchAllRows more) in one background read: Ctrl+End.
    void fetchAll();
    static constexpr int kFetchAllRows = 200000;

    QJsonObject record(int row) const;
    int rowOf(const QString &id) const;
    bool isLoading() const { return m_watcher.isRunning(); }

    static constexpr int kPageRows = 2000;

Q_SIGNALS:
    /// A load or refresh was applied.
    void loaded();
    /// "N of M" and the quick filters' counts were read again.
    void countsChanged();

protected:
    /// Text for a person; subclasses may add their own formatting.
    virtual QVariant display(const QJsonObject &record, const ColumnSpec &column) const;

private:
    enum class Pending
    {
        None,
        Page,
        Refresh,
        Reset
    };
    void start(Pending what, int offset, int limit);
    void applyPage(const QJsonArray &rows, int limit);
    void applyRefresh(const QJsonArray &rows);
    void reload();
    void replaceLoader(Loader loader);
    void countLater();

    QString m_bufferPath;
    QList<ColumnSpec> m_columns;
    Loader m_loader;
    QList<QJsonObject> m_rows;
    bool m_hasMore = false;
    quint64 m_generation = 0; ///< bumps on setLoader: late results of an old loader are dropped
    Pending m_running = Pending::None;
    bool m_refreshAgain = false;
    int m_requested = kPageRows;
    QFutureWatcher<QJsonArray> m_watcher;
    QTimer m_coalesce;
    std::function<QString(const QString &)> m_explain;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    RecordQuery m_query;
    bool m_hasQuery = false;
    ViewState m_state;
    QueryCounts m_counts;
    QFutureWatcher<QueryCounts> m_countWatcher;
    QTimer m_countTimer;
    bool m_countAgain = false;
    bool m_countsStale = false;
    quint64 m_countGeneration = 0;
};

} // namespace ops
