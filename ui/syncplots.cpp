#include "syncplots.h"

#include "backloghistory.h"
#include "stateicons.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QCursor>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

namespace ops {

BacklogChart::BacklogChart(BacklogHistory *history, QTimeZone zone, int thresholdMinutes,
                           QWidget *parent)
    : QChartView(parent), m_history(history), m_zone(std::move(zone)),
      m_thresholdMinutes(thresholdMinutes)
{
    setObjectName(QStringLiteral("backlogChart"));
    setRenderHint(QPainter::Antialiasing);
    connect(history, &BacklogHistory::loaded, this, &BacklogChart::rebuild);
    history->reload();
    rebuild();
}

void BacklogChart::setThresholdMinutes(int minutes)
{
    m_thresholdMinutes = minutes;
    rebuild();
}

namespace {

/// A range from 0 in `steps` steps whose ticks all fall on whole numbers, so no label repeats.
void wholeTop(double max, int steps, QValueAxis *axis)
{
    const double step = std::max(1.0, std::ceil(max * 1.1 / steps));
    axis->setTickCount(steps + 1);
    axis->setRange(0, step * steps);
    axis->setLabelFormat(QStringLiteral("%d"));
}

/// The application's text in the chart (Qt Charts' themes bring fonts of their own, which
/// ignore the text size the operator chose), a title in bold, and margins no wider than needed:
/// at the window's default size every pixel goes to the plot.
void styleChart(QChart *chart)
{
    const bool night = stateicons::theme() == stateicons::Theme::Night;
    chart->setTheme(night ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    if (night) {
        const stateicons::Surface surface = stateicons::surface();
        chart->setBackgroundBrush(surface.paper);
        chart->setTitleBrush(surface.ink);
        chart->legend()->setLabelColor(surface.ink);
    }
    QFont title = QApplication::font();
    title.setBold(true);
    chart->setTitleFont(title);
    chart->legend()->setFont(QApplication::font());
    chart->setMargins(QMargins(4, 2, 4, 2));
    chart->setBackgroundRoundness(0);
    chart->layout()->setContentsMargins(2, 2, 2, 2);
}

/// Axes get the application's text too (after they are added: the theme sets theirs then).
void styleAxes(QChart *chart)
{
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsFont(QApplication::font());
        if (stateicons::theme() == stateicons::Theme::Night)
            axis->setLabelsBrush(stateicons::surface().ink);
    }
}

/// One line of the application's text, in pixels.
int lineHeight()
{
    return QFontMetrics(QApplication::font()).height();
}

} // namespace

QString BacklogChart::hoverText(qint64 msecs) const
{
    const MergedReader::BacklogSample *nearest = nullptr;
    qint64 best = 0, nearestAt = 0;
    for (const auto &s : m_history->samples()) {
        const qint64 at = QDateTime::fromString(s.at, Qt::ISODateWithMs).toMSecsSinceEpoch();
        if (!nearest || std::abs(at - msecs) < best) {
            nearest = &s;
            best = std::abs(at - msecs);
            nearestAt = at;
        }
    }
    if (!nearest)
        return {};
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(nearestAt, QTimeZone::utc());
    const QLocale locale;
    return tr("%1 (%2 UTC)\n%n pending transaction(s)", nullptr, static_cast<int>(nearest->pending))
               .arg(locale.toString(when.toTimeZone(m_zone), QStringLiteral("HH:mm")),
                    when.toString(QStringLiteral("HH:mm"))) +
           QLatin1Char('\n') +
           tr("oldest pending: %1 min")
               .arg(locale.toString(nearest->oldestAgeSeconds / 60.0, 'f', 1));
}

void BacklogChart::rebuild()
{
    auto *chart = new QChart;
    styleChart(chart);
    chart->setTitle(tr("Backlog, last 24 hours (%1)").arg(QString::fromUtf8(m_zone.id())));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *pending = new QLineSeries(chart);
    pending->setName(tr("pending transactions"));
    pending->setColor(stateicons::colour(QStringLiteral("pending")));
    auto *age = new QLineSeries(chart);
    age->setName(tr("oldest pending (minutes)"));
    // Told apart by line style too, not by colour alone (N5: in the night theme the two
    // colours are both orange): pending solid, the age dotted, the threshold dashed.
    QPen agePen(stateicons::colour(QStringLiteral("running")));
    agePen.setStyle(Qt::DotLine);
    agePen.setWidth(3);
    age->setPen(agePen);
    QPen pendingPen(stateicons::colour(QStringLiteral("pending")));
    pendingPen.setWidth(2);
    pending->setPen(pendingPen);
    double maxPending = 1, maxAge = std::max(1, m_thresholdMinutes);
    for (const auto &s : m_history->samples()) {
        const qint64 at = QDateTime::fromString(s.at, Qt::ISODateWithMs).toMSecsSinceEpoch();
        pending->append(at, s.pending);
        age->append(at, s.oldestAgeSeconds / 60.0);
        maxPending = std::max<double>(maxPending, s.pending);
        maxAge = std::max(maxAge, s.oldestAgeSeconds / 60.0);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 from = now - 24LL * 3600 * 1000;
    auto *threshold = new QLineSeries(chart);
    threshold->setObjectName(QStringLiteral("backlogThreshold"));
    threshold->setName(tr("alarm threshold (%n min)", nullptr, m_thresholdMinutes));
    QPen dashed(QColor(0xb0, 0x20, 0x20));
    dashed.setStyle(Qt::DashLine);
    dashed.setWidth(2);
    threshold->setPen(dashed);
    threshold->append(from, m_thresholdMinutes);
    threshold->append(now, m_thresholdMinutes);
    chart->addSeries(pending);
    chart->addSeries(age);
    chart->addSeries(threshold);

    // QDateTimeAxis labels in the machine's zone; the ticks are placed here, on whole hours of
    // the site's zone, and labelled in it.
    auto *time = new QCategoryAxis(chart);
    time->setObjectName(QStringLiteral("backlogTimeAxis"));
    time->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    time->setRange(from, now);
    time->setStartValue(from);
    auto *count = new QValueAxis(chart);
    count->setObjectName(QStringLiteral("backlogCountAxis"));
    auto *minutes = new QValueAxis(chart);
    minutes->setObjectName(QStringLiteral("backlogMinutesAxis"));
    m_from = from;
    m_now = now;
    m_maxPending = maxPending;
    m_maxAge = maxAge;
    m_time = time;
    m_count = count;
    m_minutes = minutes;
    m_fitted = {};
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(count, Qt::AlignLeft);
    chart->addAxis(minutes, Qt::AlignRight);
    pending->attachAxis(time);
    pending->attachAxis(count);
    age->attachAxis(time);
    age->attachAxis(minutes);
    threshold->attachAxis(time);
    threshold->attachAxis(minutes);
    for (QLineSeries *series : {pending, age})
        connect(series, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), hoverText(static_cast<qint64>(point.x())), this);
            else
                QToolTip::hideText();
        });
    styleAxes(chart);
    // The ticks as many as the plot has room for, fitted again whenever it changes size.
    connect(chart, &QChart::plotAreaChanged, this, &BacklogChart::fitTicks);
    fitTicks(QRectF(0, 0, std::max(1, width() - 12 * lineHeight()),
                    std::max(1, height() - 8 * lineHeight())));
    QChart *old = this->chart();
    setChart(chart);
    delete old;
}

void BacklogChart::fitTicks(const QRectF &plot)
{
    if (!m_time)
        return;
    // Qt Charts elides a label to "..." when its share of the axis is smaller than the text:
    // a value tick needs a line and a half, an hour label its width and a gap.
    const int line = lineHeight();
    int steps = 4;
    while (steps > 1 && plot.height() / steps < line + 20)
        steps /= 2;
    const int labelWidth =
        QFontMetrics(QApplication::font()).horizontalAdvance(QStringLiteral("00:00")) + line;
    int hours = 3;
    while (hours < 12 && plot.width() * hours / 24.0 < labelWidth)
        hours *= 2;
    if (m_fitted == QSize(steps, hours))
        return;
    m_fitted = QSize(steps, hours);
    wholeTop(m_maxPending, steps, m_count);
    wholeTop(m_maxAge, steps, m_minutes);
    for (const QString &label : m_time->categoriesLabels())
        m_time->remove(label);
    QDateTime tick = QDateTime::fromMSecsSinceEpoch(m_from, m_zone);
    tick = QDateTime(tick.date(), QTime(tick.time().hour(), 0), m_zone).addSecs(3600);
    for (; tick.toMSecsSinceEpoch() <= m_now; tick = tick.addSecs(3600)) {
        if (tick.time().hour() % hours != 0)
            continue;
        const QString label = tick.toString(QStringLiteral("HH:mm"));
        if (!m_time->categoriesLabels().contains(label))
            m_time->append(label, static_cast<qreal>(tick.toMSecsSinceEpoch()));
    }
}

void BacklogChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        rebuild();
}

QSize BacklogChart::minimumSizeHint() const
{
    // Title, legend, hour labels and margins take about six lines; the plot gets room for three
    // ticks (a line and 20 px each, see fitTicks).
    return {20 * lineHeight(), 7 * lineHeight() + 3 * (lineHeight() + 20)};
}

PackageSizeChart::PackageSizeChart(qint64 limitBytes, QWidget *parent)
    : QChartView(parent), m_limit(limitBytes)
{
    setObjectName(QStringLiteral("packageSizeChart"));
    setRenderHint(QPainter::Antialiasing);
    setPackages({});
}

QString PackageSizeChart::stateOf(const QJsonObject &package)
{
    const QString transfer = package.value(QLatin1StringView("transfer_state")).toString();
    return transfer.isEmpty() ? package.value(QLatin1StringView("status")).toString() : transfer;
}

QString PackageSizeChart::labelOf(const QJsonObject &package) const
{
    // The end of the name tells packages apart (they share the night's prefix).
    QString name = package.value(QLatin1StringView("name")).toString();
    if (name.size() > 60)
        name = QStringLiteral("…") + name.right(59);
    return tr("%1 · %2 %").arg(name, QLocale().toString(shareOf(package), 'f', 0));
}

double PackageSizeChart::shareOf(const QJsonObject &package) const
{
    return 100.0 *
           static_cast<double>(package.value(QLatin1StringView("total_size_bytes")).toInteger()) /
           static_cast<double>(std::max<qint64>(1, m_limit));
}

QString PackageSizeChart::toolTipFor(int row) const
{
    if (row < 0 || row >= m_packages.size())
        return {};
    // Rows are drawn bottom-up: the newest package (first in the list) on top.
    const QJsonObject &p = m_packages.at(m_packages.size() - 1 - row);
    return tr("%1\n%2 of %3 (%4 %)\n%5")
        .arg(
            p.value(QLatin1StringView("name")).toString(),
            QLocale().formattedDataSize(p.value(QLatin1StringView("total_size_bytes")).toInteger()),
            QLocale().formattedDataSize(m_limit), QLocale().toString(shareOf(p), 'f', 1),
            stateicons::label(stateOf(p)));
}

void PackageSizeChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        restyle();
}

void PackageSizeChart::setPackages(const QList<QJsonObject> &packages)
{
    m_packages = packages;
    auto *chart = new QChart;
    styleChart(chart);
    chart->setTitle(tr("Newest packages: size as a share of the limit (%1)")
                        .arg(QLocale().formattedDataSize(m_limit)));
    chart->legend()->setAlignment(Qt::AlignBottom);
    // Bottom-up: the newest package on top. One bar set per state, so the bars carry the state's
    // colour and the legend names it.
    QStringList names, states;
    for (auto p = packages.crbegin(); p != packages.crend(); ++p) {
        names << labelOf(*p);
        if (!states.contains(stateOf(*p)))
            states << stateOf(*p);
    }
    auto *series = new QHorizontalStackedBarSeries(chart);
    for (const QString &state : states) {
        auto *set = new QBarSet(stateicons::label(state), chart);
        set->setColor(stateicons::colour(state));
        set->setBorderColor(stateicons::colour(state).darker(130));
        for (auto p = packages.crbegin(); p != packages.crend(); ++p)
            set->append(stateOf(*p) == state ? shareOf(*p) : 0.0);
        connect(set, &QBarSet::hovered, this, [this](bool status, int row) {
            if (status)
                QToolTip::showText(QCursor::pos(), toolTipFor(row), this);
            else
                QToolTip::hideText();
        });
        series->append(set);
    }
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis(chart);
    categories->setObjectName(QStringLiteral("packageNames"));
    m_labels = names;
    m_shown.clear();
    m_names = categories;
    auto *share = new QValueAxis(chart);
    share->setRange(0, 100);
    share->setTickCount(5);
    share->setLabelFormat(QStringLiteral("%d %"));
    chart->addAxis(categories, Qt::AlignLeft);
    chart->addAxis(share, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(share);
    chart->legend()->setVisible(!states.isEmpty());
    styleAxes(chart);
    // Qt Charts elides a category label to "..." when its row is lower than the text: every row
    // gets a line of text and a margin (title, legend and share labels some six lines more),
    // whatever the splitter would give.
    const int line = lineHeight();
    setMinimumHeight(std::max(8 * line, 7 * line + (line + 20) * static_cast<int>(names.size())));
    fitLabels();
    QChart *old = this->chart();
    setChart(chart);
    delete old;
}

void PackageSizeChart::fitLabels()
{
    // Qt Charts gives the axes at most 40 % of the width and cuts a longer label at its end,
    // where the packages differ ("2026-11-27-primecam-280-sca..."). A label that does not fit
    // loses its beginning instead (the night's date, which all share); the rest stays whole.
    const QFontMetrics metrics(QApplication::font());
    const int budget = std::max(8 * lineHeight(), width() * 2 / 5 - 2 * lineHeight());
    QStringList shown;
    for (const QString &label : std::as_const(m_labels))
        shown << metrics.elidedText(label, Qt::ElideLeft, budget);
    if (shown == m_shown && m_names->count() == shown.size())
        return;
    m_shown = shown;
    m_names->clear();
    m_names->append(shown);
}

void PackageSizeChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    fitLabels();
}

} // namespace ops
