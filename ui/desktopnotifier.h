#pragma once

#include <QObject>

class QSystemTrayIcon;

namespace ops {

/// Puts an alarm in front of an operator who is looking elsewhere: a freedesktop notification
/// over the session bus when a notification server is there, else the tray's balloon, else
/// nothing (the status bar and the event log still say it).
class DesktopNotifier final : public QObject
{
    Q_OBJECT
public:
    explicit DesktopNotifier(QObject *parent = nullptr);

    void notify(const QString &title, const QString &body, bool critical);

private:
    bool notifyOverDBus(const QString &title, const QString &body, bool critical);

    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace ops
