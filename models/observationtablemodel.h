#pragma once

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QTimer>

namespace ops {

/// The executed observations in the buffer's merged state, newest first, with their sync badge.
/// Rows are read on a worker thread with its own buffer connection; the GUI thread never waits on
/// SQLite. Reloads follow BufferEvents, coalesced so a burst of writes costs one read.
class ObservationTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ObsUnit,
        Status,
        Start,
        End,
        Site,
        Operator,
        Sync,
        Id,
        ColumnCount
    };
    enum Role
    {
        RawValueRole = Qt::UserRole,
        IdRole,
        SyncStateRole
    };

    explicit ObservationTableModel(QString bufferPath, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Starts a background reload; `loaded()` follows.
    void reload();

Q_SIGNALS:
    void loaded();

private:
    void applyRows(const QJsonArray &rows);

    QString m_bufferPath;
    QJsonArray m_rows;
    QFutureWatcher<QJsonArray> m_watcher;
    QTimer m_coalesce;
    bool m_reloadAgain = false;
};

} // namespace ops
