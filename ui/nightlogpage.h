#pragma once

#include <QDate>
#include <QTimeZone>
#include <QWidget>

class QDateEdit;
class QLabel;
class QToolButton;

namespace ops {

class Clock;
class NightTimelineWidget;
class RecordView;

/// The night log tab: the chosen night (noon to noon in the site's zone) as a timeline with its
/// summary, its observations, and the selected observation's files and packages. It follows the
/// current night across noon until the operator picks another one, and again once they come
/// back to it.
class NightLogPage final : public QWidget
{
    Q_OBJECT
public:
    NightLogPage(const QString &bufferPath, const QTimeZone &zone, const Clock &clock,
                 QWidget *parent);

    RecordView *observations() const { return m_observations; }
    RecordView *files() const { return m_files; }       ///< the selected observation's
    RecordView *packages() const { return m_packages; } ///< the selected observation's

    QDate shownNight() const;
    bool followsTonight() const { return m_followTonight; }

public Q_SLOTS:
    void showNight(QDate night);
    /// Shows the current night and follows it across noon.
    void showTonight();

private:
    void checkNight();
    void clearDetail();
    void updateNightPicture();

    QTimeZone m_zone;
    const Clock &m_clock;
    QDateEdit *m_night = nullptr;
    QToolButton *m_tonight = nullptr;
    bool m_followTonight = true;
    RecordView *m_observations = nullptr;
    RecordView *m_files = nullptr;
    RecordView *m_packages = nullptr;
    NightTimelineWidget *m_timeline = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace ops
