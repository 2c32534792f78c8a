#include "nighttimeline.h"

#include "stateicons.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QJsonObject>
#include <QPainter>

#include <QIcon>
#include <QPolygonF>

#include <algorithm>
#include <limits>
#include <numeric>

namespace ops {

namespace {
QString moduleOf(const QJsonObject &o)
{
    const QJsonArray modules = o.value(QLatin1StringView("instrument_modules")).toArray();
    return modules.isEmpty() ? QCoreApplication::translate("ops::NightTimeline", "(no files)")
                             : modules.first().toString();
}
/// A bar's outline tells its status even where it is too narrow for an icon: an aborted
/// observation is a short bar (its lower part, cut off), the others full height.
QRectF silhouette(const QRectF &bar, const QString &status)
{
    if (status == QLatin1StringView("aborted"))
        return bar.adjusted(0, bar.height() * 0.45, 0, 0);
    return bar;
}

/// A failed observation's bar is broken in two by a gap of paper across its middle.
void breakIfFailed(QPainter &painter, const QRectF &bar, const QString &status)
{
    if (status != QLatin1StringView("failed"))
        return;
    const double gap = std::max(2.0, bar.height() / 5);
    painter.fillRect(QRectF(bar.left() - 1, bar.center().y() - gap / 2, bar.width() + 2, gap),
                     stateicons::surface().paper);
}

} // namespace

NightTimeline::NightTimeline(QJsonArray nightLog, timestamps::Window window, QTimeZone zone,
                             qint64 nowMicros)
    : m_log(std::move(nightLog)), m_window(window), m_zone(std::move(zone)), m_now(nowMicros),
      m_viewStart(window.startMicros), m_viewEnd(window.endMicros)
{
    for (const QJsonValue &v : m_log) {
        const QString module = moduleOf(v.toObject());
        if (!m_lanes.contains(module))
            m_lanes << module;
    }
    m_lanes.sort();
    // N6: bars that overlap in time on one lane (a refused finish left running beside the next
    // scan, two scans of one module) share the lane's height, each on a row of its own, instead
    // of the later one hiding the earlier.
    m_row = QList<int>(count(), 0);
    m_rowsInLane = QList<int>(m_lanes.size(), 1);
    QList<int> order(count());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [this](int a, int b) { return spanOf(a).first < spanOf(b).first; });
    QList<QList<qint64>> rowEnds(m_lanes.size());
    for (int i : std::as_const(order)) {
        const auto [start, end] = spanOf(i);
        QList<qint64> &ends = rowEnds[laneOf(i)];
        int row = 0;
        while (row < ends.size() && ends[row] > start)
            ++row;
        if (row == ends.size())
            ends << end;
        else
            ends[row] = end;
        m_row[i] = row;
        m_rowsInLane[laneOf(i)] = std::max<int>(m_rowsInLane[laneOf(i)], ends.size());
    }
}

std::pair<qint64, qint64> NightTimeline::spanOf(int index) const
{
    const QJsonObject o = observation(index);
    const qint64 start = timestamps::parse(o.value(QLatin1StringView("start_time")).toString())
                             .value_or(m_window.startMicros);
    const QJsonValue endValue = o.value(QLatin1StringView("end_time"));
    const qint64 end = endValue.isString() ? timestamps::parse(endValue.toString()).value_or(start)
                                           : std::max(start, m_now);
    return {start, std::max(start, end)};
}

void NightTimeline::setFont(const QFont &font)
{
    m_font = font;
    const QFontMetricsF metrics(font);
    double widest = 0;
    for (const QString &lane : std::as_const(m_lanes))
        widest = std::max(widest, metrics.horizontalAdvance(lane));
    // D19: a lane's name whole ("primecam-280" was "primecam-28(" at 12 pt), within reason.
    m_labelWidth = std::clamp(widest + 16, kLabelWidth, 320.0);
    m_axisHeight = std::max(kAxisHeight, metrics.height() + 6);
    m_legendHeight = std::max(kLegendHeight, metrics.height() + 4);
}

QRectF NightTimeline::plotArea(const QRectF &area) const
{
    int rows = 1;
    legendFlow(area, &rows);
    return area.adjusted(m_labelWidth, 4, -8, -m_axisHeight - rows * m_legendHeight);
}

QList<QPointF> NightTimeline::legendFlow(const QRectF &area, int *rows) const
{
    // Entries flow on as many rows as the width needs (D21: at narrow widths or 12 pt the last
    // entries, German "abgelehnt", were dropped); the first row starts under the plot.
    const QFontMetricsF metrics(m_font);
    const double box = m_legendHeight - 8;
    QList<QPointF> places;
    double x = area.left() + m_labelWidth;
    int row = 0;
    for (const QString &entry : legendEntries()) {
        const double width = box + 4 + metrics.horizontalAdvance(legendText(entry)) + 14;
        if (x + width > area.right() && x > area.left() + 4) {
            ++row;
            x = area.left() + 4;
        }
        places << QPointF(x, row);
        x += width;
    }
    *rows = row + 1;
    for (QPointF &place : places)
        place.setY(area.bottom() - (*rows - place.y()) * m_legendHeight + 3);
    return places;
}

QString NightTimeline::legendText(const QString &entry)
{
    return entry == QLatin1StringView("refused")
               ? QCoreApplication::translate("ops::NightTimeline", "refused")
               : stateicons::label(entry);
}

double NightTimeline::xOf(qint64 micros, const QRectF &area) const
{
    const QRectF plot = plotArea(area);
    const double span = static_cast<double>(std::max<qint64>(1, m_viewEnd - m_viewStart));
    const double t = std::clamp(static_cast<double>(micros - m_viewStart) / span, 0.0, 1.0);
    return plot.left() + t * plot.width();
}

void NightTimeline::zoomToObservations()
{
    constexpr qint64 hour = 3600LL * 1000000;
    qint64 first = std::numeric_limits<qint64>::max(), last = std::numeric_limits<qint64>::min();
    for (int i = 0; i < count(); ++i) {
        const QJsonObject o = observation(i);
        const auto start = timestamps::parse(o.value(QLatin1StringView("start_time")).toString());
        if (!start)
            continue;
        const QJsonValue endValue = o.value(QLatin1StringView("end_time"));
        const qint64 end = endValue.isString()
                               ? timestamps::parse(endValue.toString()).value_or(*start)
                               : std::max(*start, m_now);
        first = std::min(first, *start);
        last = std::max(last, end);
    }
    if (first > last) {
        m_viewStart = m_window.startMicros;
        m_viewEnd = m_window.endMicros;
        return;
    }
    // Whole hours of the site's zone (offsets can be half hours).
    const auto floorHour = [this](qint64 micros) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(micros / 1000, m_zone);
        return QDateTime(local.date(), QTime(local.time().hour(), 0), m_zone).toMSecsSinceEpoch() *
               1000;
    };
    qint64 from = floorHour(first);
    qint64 to = floorHour(last);
    if (to < last)
        to += hour;
    if (to - from < 2 * hour)
        to = from + 2 * hour;
    m_viewStart = std::max(m_window.startMicros, from);
    m_viewEnd = std::min(m_window.endMicros, to);
    if (m_viewEnd <= m_viewStart) {
        m_viewStart = m_window.startMicros;
        m_viewEnd = m_window.endMicros;
    }
}

int NightTimeline::indexOf(const QString &id) const
{
    if (id.isEmpty())
        return -1;
    for (int i = 0; i < count(); ++i)
        if (observation(i).value(QLatin1StringView("id")).toString() == id)
            return i;
    return -1;
}

QList<NightTimeline::AxisLabel> NightTimeline::axisLabels(const QRectF &area,
                                                          const QFont &font) const
{
    constexpr qint64 hour = 3600LL * 1000000;
    const QRectF plot = plotArea(area);
    const QFontMetricsF metrics(font);
    const double width = metrics.horizontalAdvance(QStringLiteral("00:00")) + 4;
    const double gap = metrics.horizontalAdvance(QLatin1Char(' ')) * 2;
    const double perHour =
        plot.width() / (static_cast<double>(std::max<qint64>(1, m_viewEnd - m_viewStart)) / hour);
    int step = 12;
    for (int candidate : {1, 2, 3, 4, 6, 12})
        if (candidate * perHour >= width + gap) {
            step = candidate;
            break;
        }
    QList<AxisLabel> labels;
    QDateTime local = QDateTime::fromMSecsSinceEpoch(m_viewStart / 1000, m_zone);
    local = QDateTime(local.date(), QTime(local.time().hour(), 0), m_zone);
    if (local.toMSecsSinceEpoch() * 1000 < m_viewStart)
        local = local.addSecs(3600);
    for (; local.toMSecsSinceEpoch() * 1000 <= m_viewEnd; local = local.addSecs(3600)) {
        if (local.time().hour() % step != 0)
            continue;
        const double x = xOf(local.toMSecsSinceEpoch() * 1000, area);
        // Kept whole inside the picture: the first and last labels lean inwards.
        const double left = std::clamp(x - width / 2, area.left(), area.right() - width);
        const QRectF rect(left, plot.bottom() + 2, width, m_axisHeight - 2);
        if (!labels.isEmpty() && labels.last().rect.right() + gap > rect.left())
            continue;
        labels.append({rect, local.time().toString(QStringLiteral("HH:mm"))});
    }
    return labels;
}

QStringList NightTimeline::legendEntries() const
{
    QStringList statuses;
    bool buffered = false, refused = false;
    for (int i = 0; i < count(); ++i) {
        const QJsonObject o = observation(i);
        const QString status = o.value(QLatin1StringView("status")).toString();
        if (!statuses.contains(status))
            statuses << status;
        const QString sync = o.value(QLatin1StringView("sync_state")).toString();
        buffered |= sync == QLatin1StringView("buffered");
        refused |= sync == QLatin1StringView("failed");
    }
    statuses.sort();
    if (buffered)
        statuses << QStringLiteral("buffered");
    if (refused)
        statuses << QStringLiteral("refused");
    return statuses;
}

int NightTimeline::laneOf(int index) const
{
    return static_cast<int>(m_lanes.indexOf(moduleOf(observation(index))));
}

QRectF NightTimeline::barRect(int index, const QRectF &area) const
{
    const QRectF plot = plotArea(area);
    const auto [start, end] = spanOf(index);
    const double laneHeight = plot.height() / std::max<qsizetype>(1, m_lanes.size());
    const double left = xOf(start, area);
    const double right =
        std::max(xOf(end, area), left + 2.0); // a minute-long scan is still visible
    const int lane = laneOf(index);
    const double rowHeight = laneHeight * 0.7 / m_rowsInLane.value(lane, 1);
    return QRectF(
        left, plot.top() + lane * laneHeight + laneHeight * 0.15 + m_row.value(index) * rowHeight,
        right - left, rowHeight - (m_rowsInLane.value(lane, 1) > 1 ? 1 : 0));
}

int NightTimeline::observationAt(const QPointF &point, const QRectF &area) const
{
    for (int i = count() - 1; i >= 0; --i)
        if (barRect(i, area).adjusted(-1, 0, 1, 0).contains(point))
            return i;
    return -1;
}

void NightTimeline::paint(QPainter &painter, const QRectF &area) const
{
    const QRectF plot = plotArea(area);
    painter.save();
    painter.setFont(m_font); // the text the lanes, axis and legend were sized for
    painter.setRenderHint(QPainter::Antialiasing, false);
    const stateicons::Surface surface = stateicons::surface();
    painter.fillRect(area, surface.paper);
    const double laneHeight = plot.height() / std::max<qsizetype>(1, m_lanes.size());
    painter.setPen(surface.ink);
    for (qsizetype lane = 0; lane < m_lanes.size(); ++lane) {
        const QRectF label(area.left() + 4, plot.top() + lane * laneHeight, m_labelWidth - 8,
                           laneHeight);
        painter.drawText(label, Qt::AlignVCenter | Qt::AlignLeft, m_lanes[lane]);
        if (lane % 2)
            painter.fillRect(QRectF(plot.left(), label.top(), plot.width(), laneHeight),
                             surface.paperAlternate);
    }
    // Hour lines, labelled in the site's time.
    for (qint64 t = m_viewStart; t <= m_viewEnd; t += 3600LL * 1000000) {
        const double x = xOf(t, area);
        painter.setPen(surface.grid);
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    painter.setPen(surface.ink);
    for (const AxisLabel &label : axisLabels(area, painter.font()))
        painter.drawText(label.rect, Qt::AlignHCenter | Qt::AlignTop, label.text);
    paintLegend(painter, area);
    if (m_now > m_viewStart && m_now < m_viewEnd) {
        painter.setPen(QPen(QColor(0xd0, 0x30, 0x30), 1, Qt::DashLine));
        painter.drawLine(QPointF(xOf(m_now, area), plot.top()),
                         QPointF(xOf(m_now, area), plot.bottom()));
    }
    for (int i = 0; i < count(); ++i) {
        const QJsonObject o = observation(i);
        const QRectF bar = barRect(i, area);
        const QString status = o.value(QLatin1StringView("status")).toString();
        const QColor colour = stateicons::colour(status);
        const QRectF drawn = silhouette(bar, status);
        painter.fillRect(drawn, colour.lighter(125));
        const QString sync = o.value(QLatin1StringView("sync_state")).toString();
        if (sync == QLatin1StringView("buffered"))
            painter.fillRect(drawn, QBrush(QColor(0x30, 0x30, 0x30, 110), Qt::BDiagPattern));
        painter.setPen(sync == QLatin1StringView("failed") ? QPen(QColor(0xc6, 0x28, 0x28), 2)
                                                           : QPen(colour.darker(130), 1));
        painter.drawRect(drawn);
        breakIfFailed(painter, drawn, status);
        paintStatusMark(painter, bar, status);
    }
    if (const int selected = indexOf(m_selectedId); selected >= 0) {
        painter.setPen(QPen(QColor::fromRgba(kSelectionColour), 3));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(barRect(selected, area).adjusted(-3, -3, 3, 3));
    }
    painter.restore();
}

void NightTimeline::paintStatusMark(QPainter &painter, const QRectF &bar,
                                    const QString &status) const
{
    // N5: told apart by shape, not by colour alone (in the night theme completed and running,
    // failed and aborted are near in hue): the state's own icon (check, play, cross, stop
    // square) on a patch of paper at the bar's start, and a running bar open-ended, an arrow
    // at its growing end.
    const double side = std::min(bar.height() - 2, 16.0);
    if (status == QLatin1StringView("running") && bar.width() >= 6) {
        const double h = bar.height();
        QPolygonF arrow;
        arrow << QPointF(bar.right() - std::min(h / 2, bar.width() / 2), bar.top())
              << QPointF(bar.right() + 1, bar.center().y())
              << QPointF(bar.right() - std::min(h / 2, bar.width() / 2), bar.bottom());
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(stateicons::surface().paper);
        painter.drawRect(QRectF(arrow.first().x(), bar.top(), bar.right() - arrow.first().x() + 2,
                                bar.height() + 1));
        painter.setBrush(stateicons::colour(status));
        painter.drawPolygon(arrow);
        painter.restore();
    }
    if (side < 6 || bar.width() < side + 4)
        return;
    const QRectF patch(bar.left() + 1, bar.center().y() - side / 2, side, side);
    painter.fillRect(patch, stateicons::surface().paper);
    stateicons::icon(status).paint(&painter, patch.toAlignedRect());
}

void NightTimeline::paintLegend(QPainter &painter, const QRectF &area) const
{
    const QFontMetricsF metrics(m_font);
    const double box = m_legendHeight - 8;
    int rows = 1;
    const QList<QPointF> places = legendFlow(area, &rows);
    const QStringList entries = legendEntries();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString &entry = entries[i];
        const QString text = legendText(entry);
        const double width = box + 4 + metrics.horizontalAdvance(text) + 14;
        const double x = places[i].x(), top = places[i].y();
        const QRectF swatch(x, top + 1, box, box);
        if (entry == QLatin1StringView("buffered")) {
            painter.fillRect(swatch, stateicons::surface().paper);
            painter.fillRect(swatch, QBrush(QColor(0x30, 0x30, 0x30, 110), Qt::BDiagPattern));
            painter.setPen(QColor(0x60, 0x60, 0x60));
        } else if (entry == QLatin1StringView("refused")) {
            painter.fillRect(swatch, stateicons::surface().paper);
            painter.setPen(QPen(QColor(0xc6, 0x28, 0x28), 2));
        } else {
            const QColor colour = stateicons::colour(entry);
            painter.fillRect(silhouette(swatch, entry), colour.lighter(125));
            painter.setPen(colour.darker(130));
        }
        painter.drawRect(silhouette(swatch, entry));
        breakIfFailed(painter, silhouette(swatch, entry), entry);
        painter.setPen(stateicons::surface().ink);
        painter.drawText(QRectF(x + box + 4, top - 2, width - box - 4, m_legendHeight - 2),
                         Qt::AlignLeft | Qt::AlignVCenter, text);
    }
}

} // namespace ops
