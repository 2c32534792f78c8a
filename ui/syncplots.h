#pragma once

#include <QChartView>
#include <QJsonObject>

namespace ops {

class BacklogHistory;

/// The backlog over the last 24 hours: pending transactions (left axis) and the age of the oldest
/// one in minutes (right axis). A long climbing line is an outage; a flat zero is a healthy link.
class BacklogChart final : public QChartView
{
    Q_OBJECT
public:
    BacklogChart(BacklogHistory *history, QWidget *parent = nullptr);

private:
    void rebuild();
    BacklogHistory *m_history;
};

/// The newest packages' sizes as a share of the package limit, so a package that is filling up
/// is seen before it is refused.
class PackageSizeChart final : public QChartView
{
    Q_OBJECT
public:
    PackageSizeChart(qint64 limitBytes, QWidget *parent = nullptr);
    void setPackages(const QList<QJsonObject> &packages);

private:
    qint64 m_limit;
};

} // namespace ops
