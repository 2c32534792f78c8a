#include "recordtablemodel.h"

#include "buffer.h"
#include "bufferevents.h"
#include "stateicons.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QSet>
#include <QtConcurrent>

namespace ops {

namespace {
QJsonArray load(const QString &bufferPath, const RecordTableModel::Loader &loader, int offset,
                int limit)
{
    Buffer buffer;
    if (!buffer.open(bufferPath))
        return {};
    return loader(buffer.database(), offset, limit);
}

QueryCounts countRows(const QString &bufferPath, const RecordQuery &query, const ViewState &state)
{
    Buffer buffer;
    if (!buffer.open(bufferPath))
        return {};
    return recordquery::counts(buffer.database(), query, state);
}

QString idOf(const QJsonObject &record)
{
    const QJsonValue id = record.value(QLatin1StringView("id"));
    return id.isString()
               ? id.toString()
               : record.value(QLatin1StringView("staging_job_id")).toString() + QLatin1Char(':') +
                     record.value(QLatin1StringView("raw_data_package_id")).toString();
}
} // namespace

RecordTableModel::RecordTableModel(QString bufferPath, QList<ColumnSpec> columns, QObject *parent)
    : QAbstractTableModel(parent), m_bufferPath(std::move(bufferPath)),
      m_columns(std::move(columns))
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(250);
    connect(&m_coalesce, &QTimer::timeout, this, &RecordTableModel::refresh);
    connect(BufferEvents::instance(), &BufferEvents::transactionsChanged, this,
            [this] { m_coalesce.start(); });
    // Any table may feed what a view shows (a file's package, a job's packages): every change
    // refreshes, coalesced.
    connect(BufferEvents::instance(), &BufferEvents::recordsChanged, this,
            [this] { m_coalesce.start(); });
    // Counting a million rows takes a scan: at most one at a time, and while rows keep changing
    // at most about once a second; a new filter counts at once.
    m_countTimer.setSingleShot(true);
    connect(&m_countTimer, &QTimer::timeout, this, [this] {
        if (!m_hasQuery)
            return;
        if (m_countWatcher.isRunning()) {
            m_countAgain = true;
            return;
        }
        m_countWatcher.setProperty("generation", m_countGeneration);
        m_countWatcher.setFuture(QtConcurrent::run(countRows, m_bufferPath, m_query, m_state));
    });
    connect(&m_countWatcher, &QFutureWatcher<QueryCounts>::finished, this, [this] {
        if (m_countWatcher.property("generation").toULongLong() == m_countGeneration) {
            m_counts = m_countWatcher.result();
            Q_EMIT countsChanged();
        }
        if (std::exchange(m_countAgain, false) ||
            m_countWatcher.property("generation").toULongLong() != m_countGeneration)
            m_countTimer.start(0);
    });
    connect(&m_watcher, &QFutureWatcher<QJsonArray>::finished, this, [this] {
        // Still "running" while the rows go in: a view (or the model tester) asking for more
        // from inside the insertion signals must not start a page at a stale offset.
        const Pending finished = m_running;
        const bool current = m_watcher.property("generation").toULongLong() == m_generation;
        if (current) {
            const QJsonArray rows = m_watcher.result();
            if (finished == Pending::Page || finished == Pending::Reset)
                applyPage(rows, m_requested);
            else
                applyRefresh(rows);
        }
        m_running = Pending::None;
        if (current) {
            Q_EMIT loaded();
            countLater();
        }
        if (std::exchange(m_refreshAgain, false))
            refresh();
    });
}

void RecordTableModel::setLoader(Loader loader)
{
    m_hasQuery = false;
    replaceLoader(std::move(loader));
}

void RecordTableModel::replaceLoader(Loader loader)
{
    ++m_generation;
    m_loader = std::move(loader);
    if (!m_rows.isEmpty()) {
        // The whole data set is replaced: this is the one place a reset is right.
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_hasMore = false;
    start(Pending::Reset, 0, kPageRows);
}

void RecordTableModel::setQuery(RecordQuery query)
{
    m_query = std::move(query);
    m_hasQuery = true;
    reload();
}

void RecordTableModel::setSearch(const QString &text)
{
    if (m_state.search == text)
        return;
    m_state.search = text;
    if (m_hasQuery)
        reload();
}

void RecordTableModel::setViewState(const ViewState &state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (m_hasQuery)
        reload();
}

void RecordTableModel::setQuickFilter(const QString &id)
{
    if (m_state.quick == id)
        return;
    m_state.quick = id;
    if (m_hasQuery)
        reload();
}

void RecordTableModel::sort(int column, Qt::SortOrder order)
{
    const QString key =
        column >= 0 && column < m_columns.size() ? m_columns[column].key : QString();
    const bool descending = order == Qt::DescendingOrder;
    if (key == m_state.sortKey && (key.isEmpty() || descending == m_state.descending))
        return;
    m_state.sortKey = key;
    m_state.descending = descending;
    if (m_hasQuery)
        reload();
}

void RecordTableModel::clear()
{
    ++m_generation;
    ++m_countGeneration;
    m_loader = nullptr;
    m_hasQuery = false;
    if (!m_rows.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_hasMore = false;
    m_counts = {};
    Q_EMIT countsChanged();
    Q_EMIT loaded();
}

void RecordTableModel::reload()
{
    ++m_countGeneration;
    m_counts.matching = -1;
    replaceLoader([query = m_query, state = m_state](QSqlDatabase db, int offset, int limit) {
        return recordquery::page(db, query, state, offset, limit);
    });
    // Counted once the first page is shown: the page the operator waits for gets the cores.
    m_countTimer.stop();
    m_countsStale = true;
}

void RecordTableModel::countLater()
{
    if (!m_hasQuery)
        return;
    if (std::exchange(m_countsStale, false))
        m_countTimer.start(0);
    else if (!m_countTimer.isActive())
        m_countTimer.start(1000);
}

void RecordTableModel::start(Pending what, int offset, int limit)
{
    if (!m_loader)
        return;
    if (m_running != Pending::None) {
        if (what == Pending::Refresh || what == Pending::Reset)
            m_refreshAgain = true;
        if (what != Pending::Reset)
            return;
    }
    m_running = what;
    if (what != Pending::Refresh)
        m_requested = limit;
    m_watcher.setProperty("generation", m_generation);
    m_watcher.setFuture(QtConcurrent::run(load, m_bufferPath, m_loader, offset, limit));
}

void RecordTableModel::refresh()
{
    start(Pending::Refresh, 0, std::max<int>(kPageRows, static_cast<int>(m_rows.size())));
}

bool RecordTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore && m_running == Pending::None;
}

void RecordTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        start(Pending::Page, static_cast<int>(m_rows.size()), kPageRows);
}

void RecordTableModel::applyPage(const QJsonArray &rows, int limit)
{
    m_hasMore = rows.size() == limit;
    if (rows.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    for (const QJsonValue &row : rows)
        m_rows.append(row.toObject());
    endInsertRows();
}

void RecordTableModel::fetchAll()
{
    if (canFetchMore({}))
        start(Pending::Page, static_cast<int>(m_rows.size()), kFetchAllRows);
}

void RecordTableModel::applyRefresh(const QJsonArray &rows)
{
    // Rows are in a stable order: remove what is gone, then walk the new list, updating rows that
    // are where they were and inserting the new ones where they belong.
    QSet<QString> fresh;
    for (const QJsonValue &row : rows)
        fresh.insert(idOf(row.toObject()));
    QSet<QString> known;
    for (const QJsonObject &row : std::as_const(m_rows))
        known.insert(idOf(row));
    for (int i = static_cast<int>(m_rows.size()) - 1; i >= 0; --i) {
        if (!fresh.contains(idOf(m_rows[i]))) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    for (int p = 0; p < rows.size(); ++p) {
        const QJsonObject row = rows.at(p).toObject();
        const QString id = idOf(row);
        if (p < m_rows.size() && idOf(m_rows[p]) == id) {
            if (m_rows[p] != row) {
                m_rows[p] = row;
                Q_EMIT dataChanged(index(p, 0), index(p, columnCount() - 1));
            }
            continue;
        }
        if (!known.contains(id)) {
            // A run of new rows (a bulk registration) goes in as one insertion.
            int end = p + 1;
            while (end < rows.size() && !known.contains(idOf(rows.at(end).toObject())))
                ++end;
            beginInsertRows({}, p, end - 1);
            for (int k = p; k < end; ++k)
                m_rows.insert(k, rows.at(k).toObject());
            endInsertRows();
            p = end - 1;
            continue;
        }
        // Moved (its sort key changed): take it out where it was, put it in here.
        for (int q = p + 1; q < m_rows.size(); ++q) {
            if (idOf(m_rows[q]) == id) {
                beginRemoveRows({}, q, q);
                m_rows.removeAt(q);
                endRemoveRows();
                break;
            }
        }
        beginInsertRows({}, p, p);
        m_rows.insert(p, row);
        endInsertRows();
    }
    // Anything left beyond the new list (it shrank) goes.
    if (m_rows.size() > rows.size()) {
        beginRemoveRows({}, static_cast<int>(rows.size()), static_cast<int>(m_rows.size()) - 1);
        m_rows.resize(rows.size());
        endRemoveRows();
    }
    if (rows.size() >= kPageRows && rows.size() % kPageRows == 0)
        m_hasMore = true;
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QJsonObject RecordTableModel::record(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row] : QJsonObject();
}

int RecordTableModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (idOf(m_rows[i]) == id)
            return i;
    return -1;
}

QVariant RecordTableModel::display(const QJsonObject &record, const ColumnSpec &column) const
{
    const QJsonValue value = record.value(column.key);
    if (value.isNull() || value.isUndefined())
        return QString();
    switch (column.kind) {
    case ColumnSpec::Number:
        return QLocale().toString(value.toInteger());
    case ColumnSpec::Bytes:
        return QLocale().formattedDataSize(value.toInteger());
    case ColumnSpec::Time:
        return QLocale().toString(
            QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toTimeZone(m_zone),
            QLocale::ShortFormat);
    case ColumnSpec::State:
        return stateicons::label(value.toString());
    case ColumnSpec::Text:
        break;
    }
    return value.isString() ? value.toString() : value.toVariant().toString();
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_columns.size())
        return {};
    const QJsonObject &row = m_rows[index.row()];
    const ColumnSpec &column = m_columns[index.column()];
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case Qt::ToolTipRole:
        // The whole text, for a cell too narrow to show it.
        if (column.kind == ColumnSpec::State)
            return m_explain ? m_explain(row.value(column.key).toString())
                             : stateicons::explanation(row.value(column.key).toString());
        return display(row, column);
    case RawValueRole: {
        const QJsonValue value = row.value(column.key);
        return value.isDouble() ? QVariant(value.toDouble()) : value.toVariant();
    }
    case IdRole:
        return idOf(row);
    case SyncStateRole:
        return row.value(QLatin1StringView("sync_state")).toString();
    case Qt::DecorationRole:
        // No state, no badge: an empty transfer state is simply not shown.
        if (column.kind != ColumnSpec::State || row.value(column.key).toString().isEmpty())
            return {};
        return stateicons::icon(row.value(column.key).toString());
    case Qt::ForegroundRole:
        return column.kind == ColumnSpec::State
                   ? QVariant(stateicons::colour(row.value(column.key).toString()))
                   : QVariant();
    default:
        return {};
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section < m_columns.size())
        return m_columns[section].title;
    return {};
}

} // namespace ops
