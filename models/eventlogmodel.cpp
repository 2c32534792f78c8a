#include "eventlogmodel.h"

#include "stateicons.h"

#include <QLocale>

namespace ops {

EventLogModel::EventLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
{}

void EventLogModel::append(const QString &kind, const QString &text, const QDateTime &when)
{
    if (m_entries.size() >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_entries.removeFirst();
        endRemoveRows();
    }
    const int row = static_cast<int>(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append({when, kind, text});
    endInsertRows();
}

void EventLogModel::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, Time), index(rowCount() - 1, Time));
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &e = m_entries[index.row()];
    if (role == RawValueRole)
        return index.column() == Time ? QVariant(e.when)
                                      : QVariant(index.column() == Kind ? e.kind : e.text);
    if (role == Qt::DecorationRole && index.column() == Kind)
        return stateicons::icon(e.kind);
    if (role == Qt::ToolTipRole && index.column() == Time)
        return tr("%1 (%2 UTC)")
            .arg(QLocale().toString(e.when.toTimeZone(m_zone), QLocale::LongFormat),
                 e.when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QLocale().toString(e.when.toTimeZone(m_zone), QLocale::ShortFormat);
    case Kind:
        return stateicons::label(e.kind);
    case Text:
        return e.text;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("When");
    case Kind:
        return tr("Outcome");
    case Text:
        return tr("Event");
    }
    return {};
}

} // namespace ops
