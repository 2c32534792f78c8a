#pragma once

#include "nighttimeline.h"

#include <QTimer>
#include <QWidget>

namespace ops {

/// The night's timeline in the window: bars where the times say, running ones growing live,
/// details on hover, and a click selects the observation in the night log.
class NightTimelineWidget final : public QWidget
{
    Q_OBJECT
public:
    explicit NightTimelineWidget(QWidget *parent = nullptr);

    void setNight(const QJsonArray &nightLog, const timestamps::Window &window,
                  const QTimeZone &zone);
    const NightTimeline &timeline() const { return m_timeline; }
    /// Frames the observation selected in the night log (empty: none).
    void setSelectedId(const QString &id);
    /// What hovering the observation's bar shows: its times in the site's zone, then in UTC.
    QString toolTipFor(int index) const;
    QSize sizeHint() const override
    {
        return {800, 60 + static_cast<int>(NightTimeline::kLegendHeight) +
                         30 * static_cast<int>(std::max<qsizetype>(1, m_timeline.lanes().size()))};
    }

Q_SIGNALS:
    void observationClicked(const QString &id);

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    NightTimeline m_timeline;
    QJsonArray m_log;
    timestamps::Window m_window;
    QTimeZone m_zone;
    QString m_selectedId;
    QTimer m_live;
};

} // namespace ops
