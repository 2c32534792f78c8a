#include "desktopnotifier.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>

#ifdef OPS_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#endif

namespace ops {

DesktopNotifier::DesktopNotifier(QObject *parent) : QObject(parent) {}

bool DesktopNotifier::notifyOverDBus(const QString &title, const QString &body, bool critical)
{
#ifdef OPS_HAVE_DBUS
    static const QString service = QStringLiteral("org.freedesktop.Notifications");
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface() ||
        !bus.interface()->isServiceRegistered(service).value())
        return false;
    QDBusMessage call =
        QDBusMessage::createMethodCall(service, QStringLiteral("/org/freedesktop/Notifications"),
                                       service, QStringLiteral("Notify"));
    // urgency 2 (critical) stays on screen until the operator dismisses it.
    const QVariantMap hints{
        {QStringLiteral("urgency"), QVariant::fromValue<uchar>(critical ? 2 : 1)},
        {QStringLiteral("desktop-entry"), QStringLiteral("opsconsole")}};
    call << QCoreApplication::applicationName() << uint(0) << QStringLiteral("dialog-warning")
         << title << body << QStringList() << hints << int(critical ? 0 : -1);
    // Asynchronous: a slow notification server must not stall the desk.
    return bus.send(call);
#else
    Q_UNUSED(title);
    Q_UNUSED(body);
    Q_UNUSED(critical);
    return false;
#endif
}

void DesktopNotifier::notify(const QString &title, const QString &body, bool critical)
{
    if (notifyOverDBus(title, body, critical))
        return;
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(
            QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning), this);
        m_tray->setToolTip(QCoreApplication::applicationName());
        m_tray->show();
    }
    m_tray->showMessage(title, body,
                        critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning);
}

} // namespace ops
