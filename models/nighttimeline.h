#pragma once

#include "timestamps.h"

#include <QFont>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRectF>
#include <QRgb>
#include <QStringList>
#include <QTimeZone>

class QPainter;

namespace ops {

/// The picture of a night (noon to noon in the site's zone): one lane per instrument module, each
/// observation a bar from its start to its end (a running one up to now) coloured by status;
/// buffered ones hatched, refused ones outlined in red, the selected one framed. A legend under
/// the hour axis names the colours and marks. zoomToObservations() narrows the picture to the
/// observing hours. The same drawing serves the window, the PDF report and the tests of its
/// geometry.
class NightTimeline
{
public:
    NightTimeline(QJsonArray nightLog, timestamps::Window window, QTimeZone zone, qint64 nowMicros);

    QStringList lanes() const { return m_lanes; }
    int count() const { return static_cast<int>(m_log.size()); }
    QJsonObject observation(int index) const { return m_log.at(index).toObject(); }

    /// Shows only the observing hours: from the whole hour before the first start to the whole
    /// hour after the last end (or now, for a running one), at least two hours; the whole night
    /// when there is nothing to show.
    void zoomToObservations();
    qint64 viewStartMicros() const { return m_viewStart; }
    qint64 viewEndMicros() const { return m_viewEnd; }
    /// The observation drawn framed as selected (its id; empty: none).
    void setSelectedId(const QString &id) { m_selectedId = id; }
    QString selectedId() const { return m_selectedId; }
    int indexOf(const QString &id) const;

    /// The hour labels under the plot in `area`, for a font: on whole hours of the site's zone,
    /// every 1, 2, 3, 4, 6 or 12 hours (the closest that fits), each whole inside `area` and none
    /// overlapping another.
    struct AxisLabel
    {
        QRectF rect;
        QString text;
    };
    QList<AxisLabel> axisLabels(const QRectF &area, const QFont &font) const;

    /// Where observation `index` is drawn inside `area`.
    QRectF barRect(int index, const QRectF &area) const;
    /// The observation under `point`, or -1.
    int observationAt(const QPointF &point, const QRectF &area) const;
    /// The x of an instant inside `area`.
    double xOf(qint64 micros, const QRectF &area) const;
    void paint(QPainter &painter, const QRectF &area) const;
    /// The legend's entries: the statuses in the night, then the marks (hatched, red outline).
    QStringList legendEntries() const;
    /// Where each legend entry starts inside `area` (x, top), flowing on as many rows as the
    /// width needs (`rows`), none dropped.
    QList<QPointF> legendFlow(const QRectF &area, int *rows) const;

    /// Sizes the lane labels, hour axis and legend for the text drawn in `font` (the widths and
    /// heights below are the least).
    void setFont(const QFont &font);
    double labelWidth() const { return m_labelWidth; }
    /// The row of its lane observation `index` is drawn on, and how many rows the lane has
    /// (more than one where bars overlap in time).
    int rowOf(int index) const { return m_row.value(index); }
    int rowsInLane(int lane) const { return m_rowsInLane.value(lane, 1); }

    static constexpr double kLabelWidth = 120;
    static constexpr double kAxisHeight = 22;
    static constexpr double kLegendHeight = 20;
    static constexpr QRgb kSelectionColour = 0xff1565c0;

private:
    QRectF plotArea(const QRectF &area) const;
    void paintLegend(QPainter &painter, const QRectF &area) const;
    void paintStatusMark(QPainter &painter, const QRectF &bar, const QString &status) const;
    static QString legendText(const QString &entry);
    int laneOf(int index) const;
    /// Start and end (now, for a running one) of observation `index`.
    std::pair<qint64, qint64> spanOf(int index) const;

    QJsonArray m_log;
    timestamps::Window m_window;
    QTimeZone m_zone;
    qint64 m_now;
    qint64 m_viewStart;
    qint64 m_viewEnd;
    QString m_selectedId;
    QStringList m_lanes;
    QList<int> m_row;        ///< per observation: its row in its lane
    QList<int> m_rowsInLane; ///< per lane: rows needed so that no bar hides another
    QFont m_font;            ///< the text drawn (setFont)
    double m_labelWidth = kLabelWidth;
    double m_axisHeight = kAxisHeight;
    double m_legendHeight = kLegendHeight;
};

} // namespace ops
