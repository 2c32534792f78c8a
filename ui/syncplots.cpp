#include "syncplots.h"

#include "backloghistory.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

namespace ops {

BacklogChart::BacklogChart(BacklogHistory *history, QWidget *parent)
    : QChartView(parent), m_history(history)
{
    setObjectName(QStringLiteral("backlogChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    connect(history, &BacklogHistory::loaded, this, &BacklogChart::rebuild);
    history->reload();
    rebuild();
}

void BacklogChart::rebuild()
{
    auto *chart = new QChart;
    chart->setTitle(tr("Backlog, last 24 hours"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *pending = new QLineSeries(chart);
    pending->setName(tr("pending transactions"));
    auto *age = new QLineSeries(chart);
    age->setName(tr("oldest pending (minutes)"));
    double maxPending = 1, maxAge = 1;
    for (const auto &s : m_history->samples()) {
        const qint64 at = QDateTime::fromString(s.at, Qt::ISODateWithMs).toMSecsSinceEpoch();
        pending->append(at, s.pending);
        age->append(at, s.oldestAgeSeconds / 60.0);
        maxPending = std::max<double>(maxPending, s.pending);
        maxAge = std::max(maxAge, s.oldestAgeSeconds / 60.0);
    }
    chart->addSeries(pending);
    chart->addSeries(age);
    auto *time = new QDateTimeAxis(chart);
    time->setFormat(QStringLiteral("HH:mm"));
    const QDateTime now = QDateTime::currentDateTime();
    time->setRange(now.addSecs(-24 * 3600), now);
    auto *count = new QValueAxis(chart);
    count->setRange(0, maxPending * 1.1);
    count->setLabelFormat(QStringLiteral("%d"));
    auto *minutes = new QValueAxis(chart);
    minutes->setRange(0, maxAge * 1.1);
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(count, Qt::AlignLeft);
    chart->addAxis(minutes, Qt::AlignRight);
    pending->attachAxis(time);
    pending->attachAxis(count);
    age->attachAxis(time);
    age->attachAxis(minutes);
    QChart *old = this->chart();
    setChart(chart);
    delete old;
}

PackageSizeChart::PackageSizeChart(qint64 limitBytes, QWidget *parent)
    : QChartView(parent), m_limit(limitBytes)
{
    setObjectName(QStringLiteral("packageSizeChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    setPackages({});
}

void PackageSizeChart::setPackages(const QList<QJsonObject> &packages)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Newest packages: size as a share of the limit (%1)")
                        .arg(QLocale().formattedDataSize(m_limit)));
    chart->legend()->hide();
    auto *set = new QBarSet(tr("share of the limit"), chart);
    QStringList names;
    for (const QJsonObject &p : packages) {
        // The end of the name tells packages apart (they share the night's prefix).
        const QString name = p.value(QLatin1StringView("name")).toString();
        names.prepend(name.size() > 22 ? QStringLiteral("…") + name.right(21) : name);
        set->insert(
            0, 100.0 *
                   static_cast<double>(p.value(QLatin1StringView("total_size_bytes")).toInteger()) /
                   static_cast<double>(m_limit));
    }
    auto *series = new QHorizontalBarSeries(chart);
    series->append(set);
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis(chart);
    categories->append(names);
    auto *share = new QValueAxis(chart);
    share->setRange(0, 100);
    share->setLabelFormat(QStringLiteral("%d %"));
    chart->addAxis(categories, Qt::AlignLeft);
    chart->addAxis(share, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(share);
    QChart *old = this->chart();
    setChart(chart);
    delete old;
}

} // namespace ops
