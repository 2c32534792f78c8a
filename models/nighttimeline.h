#pragma once

#include "timestamps.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRectF>
#include <QStringList>
#include <QTimeZone>

class QPainter;

namespace ops {

/// The picture of a night (noon to noon in the site's zone): one lane per instrument module, each
/// observation a bar from its start to its end (a running one up to now) coloured by status;
/// buffered ones hatched, refused ones outlined in red. The same drawing serves the window, the
/// PDF report and the tests of its geometry.
class NightTimeline
{
public:
    NightTimeline(QJsonArray nightLog, timestamps::Window window, QTimeZone zone, qint64 nowMicros);

    QStringList lanes() const { return m_lanes; }
    int count() const { return static_cast<int>(m_log.size()); }
    QJsonObject observation(int index) const { return m_log.at(index).toObject(); }

    /// Where observation `index` is drawn inside `area`.
    QRectF barRect(int index, const QRectF &area) const;
    /// The observation under `point`, or -1.
    int observationAt(const QPointF &point, const QRectF &area) const;
    /// The x of an instant inside `area`.
    double xOf(qint64 micros, const QRectF &area) const;
    void paint(QPainter &painter, const QRectF &area) const;

    static constexpr double kLabelWidth = 120;
    static constexpr double kAxisHeight = 22;

private:
    QRectF plotArea(const QRectF &area) const;
    int laneOf(int index) const;

    QJsonArray m_log;
    timestamps::Window m_window;
    QTimeZone m_zone;
    qint64 m_now;
    QStringList m_lanes;
};

} // namespace ops
