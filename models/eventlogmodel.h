#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimeZone>

namespace ops {

/// The console's recent events (desk actions and their outcomes, the link going up or down,
/// dead letters), newest last. Bounded: past the capacity the oldest row is removed before the
/// new one is inserted, so the model never grows and never resets.
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Kind,
        Text,
        ColumnCount
    };
    enum Role
    {
        RawValueRole = Qt::UserRole
    };

    explicit EventLogModel(int capacity = 1000, QObject *parent = nullptr);

    void append(const QString &kind, const QString &text,
                const QDateTime &when = QDateTime::currentDateTime());

    /// The zone the "When" column is shown in: the site's, like every other view (UTC in the
    /// tooltip).
    void setTimeZone(const QTimeZone &zone);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QDateTime when;
        QString kind;
        QString text;
    };
    int m_capacity;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    QList<Entry> m_entries;
};

} // namespace ops
