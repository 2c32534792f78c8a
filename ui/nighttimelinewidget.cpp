#include "nighttimelinewidget.h"

#include "clock.h"
#include "stateicons.h"

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
    updateGeometry();
    update();
}

void NightTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    m_timeline.paint(painter, rect());
}

void NightTimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    const int index = m_timeline.observationAt(event->position(), rect());
    if (index < 0) {
        QToolTip::hideText();
        return;
    }
    const QJsonObject o = m_timeline.observation(index);
    const auto local = [this](const QJsonValue &v) {
        const auto micros = v.isString() ? timestamps::parse(v.toString()) : std::nullopt;
        return micros ? QLocale().toString(
                            QDateTime::fromMSecsSinceEpoch(*micros / 1000, m_zone).time(),
                            QStringLiteral("HH:mm"))
                      : tr("now");
    };
    QToolTip::showText(
        event->globalPosition().toPoint(),
        tr("Obs unit %1 — %2\n%3 to %4\n%5 files, %6\n%7")
            .arg(o.value(QLatin1StringView("obs_unit_id")).toInteger())
            .arg(stateicons::label(o.value(QLatin1StringView("status")).toString()),
                 local(o.value(QLatin1StringView("start_time"))),
                 local(o.value(QLatin1StringView("end_time"))))
            .arg(o.value(QLatin1StringView("file_count")).toInteger())
            .arg(QLocale().formattedDataSize(
                     o.value(QLatin1StringView("total_size_bytes")).toInteger()),
                 stateicons::explanation(o.value(QLatin1StringView("sync_state")).toString())),
        this);
}

void NightTimelineWidget::mousePressEvent(QMouseEvent *event)
{
    const int index = m_timeline.observationAt(event->position(), rect());
    if (index >= 0)
        Q_EMIT observationClicked(
            m_timeline.observation(index).value(QLatin1StringView("id")).toString());
}

} // namespace ops
