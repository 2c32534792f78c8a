#pragma once

#include "statuswatcher.h"
#include "syncstatus.h"

#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;

namespace ops {

class Clock;
class DesktopNotifier;
class EventLogModel;
class HealthPanel;

/// The link to central at a glance, kept up to date from the StatusWatcher: the status bar's
/// words, its badge and the time of the last sync; an event and a desktop notification when the
/// link changes or an alarm is raised (a dead letter, the backlog older than its threshold);
/// and the health panel's report.
class LinkStatus final : public QObject
{
    Q_OBJECT
public:
    LinkStatus(StatusWatcher *watcher, QStatusBar *bar, EventLogModel *events, HealthPanel *health,
               const Clock &clock, QString bufferDamage, QObject *parent);

    /// How bad the link's state is, for the badge: Alarm (a dead letter, or the backlog older
    /// than the threshold), Warning (central unreachable, or the backlog past half the
    /// threshold), Ok, or Local (no central configured).
    enum class AlarmLevel
    {
        Local,
        Ok,
        Warning,
        Alarm
    };
    struct Alarm
    {
        AlarmLevel level = AlarmLevel::Ok;
        QString text; ///< the badge's words
    };
    static Alarm alarmOf(const StatusWatcher::Status &status, int thresholdSeconds);

    /// The backlog's alarm threshold (Settings), in minutes.
    void setAlarmMinutes(int minutes);

Q_SIGNALS:
    /// Something the operator must see now; also sent as a desktop notification.
    void alarmRaised(const QString &title, const QString &body);

private:
    void update();
    /// Events and alarms for what changed since the last update.
    void noteChanges(const StatusWatcher::Status &s);
    void updateBadge();

    StatusWatcher *m_watcher;
    EventLogModel *m_events;
    HealthPanel *m_health;
    const Clock &m_clock;
    QString m_bufferDamage;
    QLabel *m_summary = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_lastSync = nullptr;
    DesktopNotifier *m_notifier = nullptr;
    int m_alarmMinutes = 30;
    SyncStatus::Central m_lastCentral = SyncStatus::Central::NotConfigured;
    qint64 m_lastFailed = 0;
    bool m_backlogAlarmed = false;
};

} // namespace ops
