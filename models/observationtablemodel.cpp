#include "observationtablemodel.h"

#include "buffer.h"
#include "bufferevents.h"
#include "mergedreader.h"
#include "schema.h"

#include <QColor>
#include <QDateTime>
#include <QJsonObject>
#include <QtConcurrent>

namespace ops {

namespace {
constexpr int kMaxRows = 5000;

QJsonArray readObservations(const QString &bufferPath)
{
    Buffer buffer;
    if (!buffer.open(bufferPath))
        return {};
    return MergedReader(buffer.database())
        .select(schema::kObservation, QString(), {}, QStringLiteral("start_time DESC"), kMaxRows);
}

QString localTime(const QString &stamp)
{
    if (stamp.isEmpty())
        return {};
    return QLocale().toString(QDateTime::fromString(stamp, Qt::ISODateWithMs).toLocalTime(),
                              QLocale::ShortFormat);
}
} // namespace

ObservationTableModel::ObservationTableModel(QString bufferPath, QObject *parent)
    : QAbstractTableModel(parent), m_bufferPath(std::move(bufferPath))
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(150);
    connect(&m_coalesce, &QTimer::timeout, this, &ObservationTableModel::reload);
    connect(BufferEvents::instance(), &BufferEvents::transactionsChanged, &m_coalesce,
            qOverload<>(&QTimer::start), Qt::QueuedConnection);
    connect(&m_watcher, &QFutureWatcher<QJsonArray>::finished, this, [this] {
        applyRows(m_watcher.result());
        if (std::exchange(m_reloadAgain, false))
            reload();
    });
}

void ObservationTableModel::reload()
{
    if (m_watcher.isRunning()) {
        m_reloadAgain = true;
        return;
    }
    m_watcher.setFuture(QtConcurrent::run(readObservations, m_bufferPath));
}

void ObservationTableModel::applyRows(const QJsonArray &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT loaded();
}

int ObservationTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ObservationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ObservationTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QJsonObject row = m_rows.at(index.row()).toObject();
    const QString sync = row.value(QLatin1StringView("sync_state")).toString();
    if (role == IdRole)
        return row.value(QLatin1StringView("id")).toString();
    if (role == SyncStateRole)
        return sync;
    if (role == Qt::ForegroundRole && index.column() == Sync)
        return sync == QLatin1StringView("failed")   ? QColor(Qt::red)
               : sync == QLatin1StringView("synced") ? QColor(Qt::darkGreen)
                                                     : QColor(Qt::darkYellow);
    if (role != Qt::DisplayRole && role != RawValueRole)
        return {};
    const bool raw = role == RawValueRole;
    switch (index.column()) {
    case ObsUnit:
        return row.value(QLatin1StringView("obs_unit_id")).toInteger();
    case Status:
        return row.value(QLatin1StringView("status")).toString();
    case Start:
        return raw ? row.value(QLatin1StringView("start_time")).toString()
                   : localTime(row.value(QLatin1StringView("start_time")).toString());
    case End:
        return raw ? row.value(QLatin1StringView("end_time")).toString()
                   : localTime(row.value(QLatin1StringView("end_time")).toString());
    case Site:
        return row.value(QLatin1StringView("site")).toString();
    case Operator:
        return row.value(QLatin1StringView("operator")).toString();
    case Sync:
        return sync;
    case Id:
        return row.value(QLatin1StringView("id")).toString();
    }
    return {};
}

QVariant ObservationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ObsUnit:
        return tr("Obs unit");
    case Status:
        return tr("Status");
    case Start:
        return tr("Start");
    case End:
        return tr("End");
    case Site:
        return tr("Site");
    case Operator:
        return tr("Operator");
    case Sync:
        return tr("Sync");
    case Id:
        return tr("Id");
    }
    return {};
}

} // namespace ops
