#pragma once

#include <QChartView>
#include <QJsonObject>
#include <QTimeZone>

class QBarCategoryAxis;
class QCategoryAxis;
class QValueAxis;

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

    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    /// As many value ticks and hour labels as `plot` has room for without eliding them.
    void fitTicks(const QRectF &plot);
    BacklogHistory *m_history;
    QTimeZone m_zone;
    int m_thresholdMinutes;
    qint64 m_from = 0, m_now = 0;
    double m_maxPending = 1, m_maxAge = 1;
    QCategoryAxis *m_time = nullptr; // owned by the chart
    QValueAxis *m_count = nullptr;
    QValueAxis *m_minutes = nullptr;
    QSize m_fitted; ///< value steps and hours between labels, as last fitted
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

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /// The axis' labels as they fit the chart's width (cut at their start when they must be).
    void fitLabels();
    static QString stateOf(const QJsonObject &package);
    double shareOf(const QJsonObject &package) const;
    qint64 m_limit;
    QList<QJsonObject> m_packages;
    QStringList m_labels;                ///< labelOf each row, bottom-up
    QStringList m_shown;                 ///< as drawn
    QBarCategoryAxis *m_names = nullptr; // owned by the chart
};

} // namespace ops
