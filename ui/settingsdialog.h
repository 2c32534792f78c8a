#pragma once

#include <QDialog>
#include <QPalette>

class QComboBox;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace ops {

class DeskService;

/// The console's settings: central connection, site, site type, time zone, REST listen address
/// and package limit, saved to the config file (they take effect at the next start, as the sync
/// engine and the REST server are set up once), and the automation tokens, created and revoked
/// at once. A new token's secret is shown once, to be copied.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(QString configFile, DeskService *desk, QWidget *parent = nullptr);

    /// Writes the fields to the config file; returns the refusal in words, or an empty string.
    QString save();
    /// After how many minutes a waiting change raises the backlog alarm (default 30).
    static int backlogAlarmMinutes();
    /// The window's palette for a theme: "day" (the platform's light look) or "night" (dark and
    /// red-shifted for the dark control room); text on its background at 4.5:1 or more.
    static QPalette palette(const QString &theme);
    /// Sets the theme at once: the application's palette, the state colours and icons, the
    /// charts (rebuilt when they next draw).
    static void applyTheme(const QString &theme);
    /// The text size the operator chose (points), remembered with the window's layout; the
    /// platform's own size until one is chosen.
    static int fontPoints();
    /// Sets the application's text size at once (every window, table rows included).
    static void applyFontPoints(int points);

private:
    void loadTokens();

    QString m_configFile;
    DeskService *m_desk;
    QLineEdit *m_central;
    QLineEdit *m_site;
    QComboBox *m_siteType;
    QComboBox *m_zone;
    QLineEdit *m_listen;
    QLineEdit *m_maxPackage;
    QSpinBox *m_backlogAlarm;
    QComboBox *m_theme;
    QSpinBox *m_fontPoints;
    QListWidget *m_tokens;
    QLineEdit *m_tokenName;
    QLineEdit *m_tokenScopes;
};

} // namespace ops
