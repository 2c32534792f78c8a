#include "nighttimelinewidget.h"

#include "clock.h"
#include "stateicons.h"

#include <QEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace ops {

NightTimelineWidget::NightTimelineWidget(QWidget *parent)
    : QWidget(parent), m_timeline({}, {}, QTimeZone::utc(), 0)
{
    setObjectName(QStringLiteral("nightTimeline"));
    setMouseTracking(true);
    setMinimumHeight(90);
    // Running observations grow as the night goes on.
    m_live.setInterval(30000);
    connect(&m_live, &QTimer::timeout, this, [this] { setNight(m_log, m_window, m_zone); });
    m_live.start();
}

void NightTimelineWidget::setNight(const QJsonArray &nightLog, const timestamps::Window &window,
                                   const QTimeZone &zone)
{
    m_log = nightLog;
    m_window = window;
    m_zone = zone;
    m_timeline = NightTimeline(nightLog, window, zone, Clock::system().nowMicros());
    m_timeline.zoomToObservations();
    m_timeline.setSelectedId(m_selectedId);
    m_timeline.setFont(font());
    // Every lane keeps a readable height (its label a line, each row of overlapping bars ~8 px),
    // above the hour axis and the legend.
    const int line = fontMetrics().height();
    int height = 0;
    for (int lane = 0; lane < std::max<int>(1, m_timeline.lanes().size()); ++lane)
        height += std::max(line + 4, 10 * m_timeline.rowsInLane(lane));
    setMinimumHeight(2 * line + 18 + height);
    updateGeometry();
    update();
}

void NightTimelineWidget::setSelectedId(const QString &id)
{
    m_selectedId = id;
    m_timeline.setSelectedId(id);
    update();
}

void NightTimelineWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        setNight(m_log, m_window, m_zone); // lane labels, axis and legend sized for the new text
}

void NightTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    m_timeline.paint(painter, rect());
}

QString NightTimelineWidget::toolTipFor(int index) const
{
    const QJsonObject o = m_timeline.observation(index);
    const auto at = [this](const QJsonValue &v, const QTimeZone &zone) {
        const auto micros = v.isString() ? timestamps::parse(v.toString()) : std::nullopt;
        return micros
                   ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*micros / 1000, zone).time(),
                                        QStringLiteral("HH:mm"))
                   : tr("now");
    };
    const QJsonValue start = o.value(QLatin1StringView("start_time"));
    const QJsonValue end = o.value(QLatin1StringView("end_time"));
    return tr("Obs unit %1 — %2\n%3 to %4\n%Ln file(s), %5\n%6", "",
              static_cast<int>(o.value(QLatin1StringView("file_count")).toInteger()))
               .arg(o.value(QLatin1StringView("obs_unit_id")).toInteger())
               .arg(stateicons::label(o.value(QLatin1StringView("status")).toString()),
                    at(start, m_zone), at(end, m_zone))
               .arg(QLocale().formattedDataSize(
                        o.value(QLatin1StringView("total_size_bytes")).toInteger()),
                    stateicons::explanation(o.value(QLatin1StringView("sync_state")).toString())) +
           QLatin1Char('\n') +
           tr("UTC: %1 to %2").arg(at(start, QTimeZone::utc()), at(end, QTimeZone::utc()));
}

void NightTimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    const int index = m_timeline.observationAt(event->position(), rect());
    if (index < 0) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), toolTipFor(index), this);
}

void NightTimelineWidget::mousePressEvent(QMouseEvent *event)
{
    const int index = m_timeline.observationAt(event->position(), rect());
    if (index >= 0)
        Q_EMIT observationClicked(
            m_timeline.observation(index).value(QLatin1StringView("id")).toString());
}

} // namespace ops
