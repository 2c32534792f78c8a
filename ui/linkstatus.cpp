#include "linkstatus.h"

#include "clock.h"
#include "desktopnotifier.h"
#include "eventlogmodel.h"
#include "health.h"
#include "healthpanel.h"
#include "timestamps.h"

#include <QLabel>
#include <QPainter>
#include <QStatusBar>

namespace ops {

namespace {

/// A status bar text that gives way at narrow widths: cut with "…" at its end, whole in its
/// tooltip (N8: cut off mid-word before).
class ElidingLabel final : public QLabel
{
public:
    using QLabel::QLabel;
    void setFullText(const QString &text)
    {
        setText(text);
        setToolTip(text);
    }
    QSize minimumSizeHint() const override
    {
        return {fontMetrics().horizontalAdvance(QStringLiteral("mmmmmm…")),
                QLabel::minimumSizeHint().height()};
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        const QRect area = contentsRect();
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(area, Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(text(), Qt::ElideRight, area.width()));
    }
};

} // namespace

LinkStatus::LinkStatus(StatusWatcher *watcher, QStatusBar *bar, EventLogModel *events,
                       HealthPanel *health, const Clock &clock, QString bufferDamage,
                       QObject *parent)
    : QObject(parent), m_watcher(watcher), m_events(events), m_health(health), m_clock(clock),
      m_bufferDamage(std::move(bufferDamage))
{
    m_summary = new ElidingLabel(bar);
    m_summary->setObjectName(QStringLiteral("centralStatus"));
    m_lastSync = new QLabel(bar);
    m_lastSync->setObjectName(QStringLiteral("lastSync"));
    m_badge = new QLabel(bar);
    m_badge->setObjectName(QStringLiteral("statusBadge"));
    m_badge->setTextFormat(Qt::PlainText);
    bar->addPermanentWidget(m_summary);
    bar->addPermanentWidget(m_lastSync);
    bar->addPermanentWidget(m_badge);
    m_notifier = new DesktopNotifier(this);
    connect(this, &LinkStatus::alarmRaised, m_notifier,
            [this](const QString &title, const QString &body) {
                m_notifier->notify(title, body, true);
            });
    connect(m_watcher, &StatusWatcher::changed, this, &LinkStatus::update);
}

void LinkStatus::setAlarmMinutes(int minutes)
{
    m_alarmMinutes = minutes;
    updateBadge();
}

void LinkStatus::update()
{
    static_cast<ElidingLabel *>(m_summary)->setFullText(m_watcher->summary());
    updateBadge();
    const auto &s = m_watcher->status();
    noteChanges(s);
    const qint64 now = m_clock.nowMicros();
    m_health->setReport(healthReport(s.counts, s.sync, s.site, s.siteType, now, m_bufferDamage),
                        now);
}

void LinkStatus::noteChanges(const StatusWatcher::Status &s)
{
    if (s.sync.central != m_lastCentral) {
        if (s.sync.central == SyncStatus::Central::Connected)
            m_events->append(QStringLiteral("synced"), tr("Connected to the central database"));
        else if (s.sync.central == SyncStatus::Central::Disconnected)
            m_events->append(QStringLiteral("failed"),
                             tr("Central database unreachable: %1").arg(s.sync.lastError));
        m_lastCentral = s.sync.central;
    }
    if (s.counts.failed > m_lastFailed) {
        const QString text =
            tr("%n transaction(s) refused by the central database: see the Sync view", "",
               static_cast<int>(s.counts.failed - m_lastFailed));
        m_events->append(QStringLiteral("failed"), text);
        Q_EMIT alarmRaised(tr("Refused by the central database"), text);
    }
    m_lastFailed = s.counts.failed;
    const bool backlogOld =
        s.counts.pending > 0 && s.oldestPendingAgeSeconds >= m_alarmMinutes * 60.0;
    if (backlogOld && !m_backlogAlarmed) {
        const QString text = tr("%n change(s) waiting for the central database, the oldest for %1",
                                "", static_cast<int>(s.counts.pending))
                                 .arg(HealthPanel::age(s.oldestPendingAgeSeconds));
        m_events->append(QStringLiteral("failed"), text);
        Q_EMIT alarmRaised(tr("Sync backlog"), text);
    }
    m_backlogAlarmed = backlogOld;
}

LinkStatus::Alarm LinkStatus::alarmOf(const StatusWatcher::Status &s, int thresholdSeconds)
{
    QStringList problems;
    AlarmLevel level =
        s.sync.central == SyncStatus::Central::NotConfigured ? AlarmLevel::Local : AlarmLevel::Ok;
    const auto raise = [&level](AlarmLevel to) { level = std::max(level, to); };
    if (s.counts.failed > 0) {
        problems << tr("%n dead letter(s)", "", static_cast<int>(s.counts.failed));
        raise(AlarmLevel::Alarm);
    }
    if (s.sync.central == SyncStatus::Central::Disconnected) {
        problems << tr("central unreachable");
        raise(AlarmLevel::Warning);
    }
    if (s.counts.pending > 0 && s.oldestPendingAgeSeconds >= thresholdSeconds / 2.0) {
        problems << tr("backlog %1").arg(HealthPanel::age(s.oldestPendingAgeSeconds));
        raise(s.oldestPendingAgeSeconds >= thresholdSeconds ? AlarmLevel::Alarm
                                                            : AlarmLevel::Warning);
    }
    if (problems.isEmpty())
        problems << (level == AlarmLevel::Local ? tr("local only") : tr("all well"));
    return {level, problems.join(QStringLiteral(" · "))};
}

void LinkStatus::updateBadge()
{
    const auto &s = m_watcher->status();
    const Alarm alarm = alarmOf(s, m_alarmMinutes * 60);
    // Text and background pairs with a contrast of at least 4.5:1; the leading sign tells the
    // levels apart without colour.
    QString style, sign, level;
    switch (alarm.level) {
    case AlarmLevel::Local:
        style = QStringLiteral("background: #5f6368; color: white;");
        sign = QStringLiteral("○");
        level = QStringLiteral("local");
        break;
    case AlarmLevel::Ok:
        style = QStringLiteral("background: #1b6e20; color: white;");
        sign = QStringLiteral("✔");
        level = QStringLiteral("ok");
        break;
    case AlarmLevel::Warning:
        style = QStringLiteral("background: #ffd166; color: black;");
        sign = QStringLiteral("▲");
        level = QStringLiteral("warning");
        break;
    case AlarmLevel::Alarm:
        style = QStringLiteral("background: #b00020; color: white;");
        sign = QStringLiteral("✖");
        level = QStringLiteral("alarm");
        break;
    }
    m_badge->setStyleSheet(style + QStringLiteral(" font-weight: bold; padding: 1px 6px;"
                                                  " border-radius: 3px;"));
    m_badge->setText(sign + QLatin1Char(' ') + alarm.text);
    m_badge->setProperty("level", level);
    m_badge->setToolTip(tr("Backlog alarm after %n minute(s) (Settings)", "", m_alarmMinutes));

    if (s.sync.central == SyncStatus::Central::NotConfigured) {
        m_lastSync->hide();
        return;
    }
    m_lastSync->show();
    // The last contact with central: a batch applied, or a pull that reached it (N8: while
    // connected and idle, "last sync" kept growing though the link was fine).
    auto at = s.sync.lastSuccess.isEmpty() ? std::nullopt : timestamps::parse(s.sync.lastSuccess);
    if (s.sync.lastPullMicros > 0)
        at = std::max(at.value_or(0), s.sync.lastPullMicros);
    m_lastSync->setText(
        at ? tr("last sync %1 ago")
                 .arg(HealthPanel::age(std::max<qint64>(0, m_clock.nowMicros() - *at) / 1e6))
           : tr("never synced"));
}

} // namespace ops
