#pragma once

#include <QChartView>
#include <QJsonObject>
#include <QTimeZone>

namespace ops {

class BacklogHistory;

/// The backlog over the last 24 hours: pending transactions (left axis) and the age of the oldest
/// one in minutes (right axis), with the alarm threshold as a dashed line on the minutes axis. A
/// long climbing line is an outage; a flat zero is a healthy link. The time axis is in the site's
/// zone, like every table; hovering a line shows the sample's values, in site time and UTC.
class BacklogChart final : public QChartView
{
    Q_OBJECT
public:
    BacklogChart(BacklogHistory *history, QTimeZone zone, int thresholdMinutes,
                 QWidget *parent = nullptr);
    void setThresholdMinutes(int minutes);
    /// Draws again in the current theme.
    void restyle() { rebuild(); }
    /// What hovering shows at a time (milliseconds since the epoch): the nearest sample's values,
    /// its time in the site's zone and in UTC. Empty when there is no sample.
    QString hoverText(qint64 msecs) const;

private:
    void rebuild();
    BacklogHistory *m_history;
    QTimeZone m_zone;
    int m_thresholdMinutes;
};

/// The newest packages' sizes as a share of the package limit, so a package that is filling up
/// is seen before it is refused. Each row is labelled with the package's name and its share, the
/// bar is coloured by the package's state (named in the legend), and hovering it shows the full
/// name, the size and the state.
class PackageSizeChart final : public QChartView
{
    Q_OBJECT
public:
    PackageSizeChart(qint64 limitBytes, QWidget *parent = nullptr);
    /// Newest first, as the Packages view lists them.
    void setPackages(const QList<QJsonObject> &packages);
    /// Draws again in the current theme.
    void restyle() { setPackages(QList<QJsonObject>(m_packages)); }
    /// The row's label on the axis: the name (its end, when long) and its share of the limit.
    QString labelOf(const QJsonObject &package) const;
    /// What hovering a bar shows; rows count from the bottom (the oldest package).
    QString toolTipFor(int row) const;

private:
    static QString stateOf(const QJsonObject &package);
    double shareOf(const QJsonObject &package) const;
    qint64 m_limit;
    QList<QJsonObject> m_packages;
};

} // namespace ops
