#include "nighttimeline.h"

#include "stateicons.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QPainter>

namespace ops {

namespace {
QString moduleOf(const QJsonObject &o)
{
    const QJsonArray modules = o.value(QLatin1StringView("instrument_modules")).toArray();
    return modules.isEmpty() ? QCoreApplication::translate("ops::NightTimeline", "(no files)")
                             : modules.first().toString();
}
} // namespace

NightTimeline::NightTimeline(QJsonArray nightLog, timestamps::Window window, QTimeZone zone,
                             qint64 nowMicros)
    : m_log(std::move(nightLog)), m_window(window), m_zone(std::move(zone)), m_now(nowMicros)
{
    for (const QJsonValue &v : m_log) {
        const QString module = moduleOf(v.toObject());
        if (!m_lanes.contains(module))
            m_lanes << module;
    }
    m_lanes.sort();
}

QRectF NightTimeline::plotArea(const QRectF &area) const
{
    return area.adjusted(kLabelWidth, 4, -8, -kAxisHeight);
}

double NightTimeline::xOf(qint64 micros, const QRectF &area) const
{
    const QRectF plot = plotArea(area);
    const double span = static_cast<double>(m_window.endMicros - m_window.startMicros);
    const double t =
        std::clamp(static_cast<double>(micros - m_window.startMicros) / span, 0.0, 1.0);
    return plot.left() + t * plot.width();
}

int NightTimeline::laneOf(int index) const
{
    return static_cast<int>(m_lanes.indexOf(moduleOf(observation(index))));
}

QRectF NightTimeline::barRect(int index, const QRectF &area) const
{
    const QRectF plot = plotArea(area);
    const QJsonObject o = observation(index);
    const qint64 start = timestamps::parse(o.value(QLatin1StringView("start_time")).toString())
                             .value_or(m_window.startMicros);
    const QJsonValue endValue = o.value(QLatin1StringView("end_time"));
    const qint64 end = endValue.isString() ? timestamps::parse(endValue.toString()).value_or(start)
                                           : std::max(start, m_now);
    const double laneHeight = plot.height() / std::max<qsizetype>(1, m_lanes.size());
    const double left = xOf(start, area);
    const double right =
        std::max(xOf(end, area), left + 2.0); // a minute-long scan is still visible
    return QRectF(left, plot.top() + laneOf(index) * laneHeight + laneHeight * 0.15, right - left,
                  laneHeight * 0.7);
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
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(area, QColor(0xfa, 0xfa, 0xfa));
    const double laneHeight = plot.height() / std::max<qsizetype>(1, m_lanes.size());
    painter.setPen(QColor(0x40, 0x40, 0x40));
    for (qsizetype lane = 0; lane < m_lanes.size(); ++lane) {
        const QRectF label(area.left() + 4, plot.top() + lane * laneHeight, kLabelWidth - 8,
                           laneHeight);
        painter.drawText(label, Qt::AlignVCenter | Qt::AlignLeft, m_lanes[lane]);
        if (lane % 2)
            painter.fillRect(QRectF(plot.left(), label.top(), plot.width(), laneHeight),
                             QColor(0xf0, 0xf0, 0xf0));
    }
    // Hour lines, labelled in the site's time.
    painter.setPen(QColor(0xc8, 0xc8, 0xc8));
    for (qint64 t = m_window.startMicros; t <= m_window.endMicros; t += 3600LL * 1000000) {
        const double x = xOf(t, area);
        painter.setPen(QColor(0xd8, 0xd8, 0xd8));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(t / 1000, m_zone);
        if (local.time().hour() % 2 == 0) {
            painter.setPen(QColor(0x50, 0x50, 0x50));
            painter.drawText(QRectF(x - 30, plot.bottom() + 2, 60, kAxisHeight - 2),
                             Qt::AlignHCenter | Qt::AlignTop,
                             local.time().toString(QStringLiteral("HH:mm")));
        }
    }
    if (m_now > m_window.startMicros && m_now < m_window.endMicros) {
        painter.setPen(QPen(QColor(0xd0, 0x30, 0x30), 1, Qt::DashLine));
        painter.drawLine(QPointF(xOf(m_now, area), plot.top()),
                         QPointF(xOf(m_now, area), plot.bottom()));
    }
    for (int i = 0; i < count(); ++i) {
        const QJsonObject o = observation(i);
        const QRectF bar = barRect(i, area);
        const QColor colour = stateicons::colour(o.value(QLatin1StringView("status")).toString());
        painter.fillRect(bar, colour.lighter(125));
        const QString sync = o.value(QLatin1StringView("sync_state")).toString();
        if (sync == QLatin1StringView("buffered"))
            painter.fillRect(bar, QBrush(QColor(0x30, 0x30, 0x30, 110), Qt::BDiagPattern));
        painter.setPen(sync == QLatin1StringView("failed") ? QPen(QColor(0xc6, 0x28, 0x28), 2)
                                                           : QPen(colour.darker(130), 1));
        painter.drawRect(bar);
    }
    painter.restore();
}

} // namespace ops
