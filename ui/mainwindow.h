#pragma once

#include "operations.h"
#include "syncstatus.h"

#include <QMainWindow>
#include <QTimeZone>

#include <memory>

class QDateEdit;
class QLabel;
class QTabWidget;
class QPlainTextEdit;

namespace ops {

class DeskService;
class EventLogModel;
class NightTimelineWidget;
class RecordTableModel;
class RecordView;
class StatusWatcher;

/// What the window needs to know about the console it runs in.
struct DeskSettings
{
    QString bufferPath;
    SiteSettings site;
    QString siteType = QStringLiteral("secondary");
    QTimeZone zone = QTimeZone(QByteArrayLiteral("America/Santiago"));
    QString operatorName;
    QString configFile; ///< where the settings dialog saves (read at the next start)
    QDate initialNight; ///< the night the log opens on; invalid: the current night
    std::shared_ptr<SyncStatus> sync;
    QString bufferDamage; ///< what opening the buffer found (Buffer::damageReport()), if anything
};

/// The operator's console: the night log with its observation's files and packages, files,
/// packages, staging jobs, the sync queue and the audit, every desk action in menus with
/// shortcuts, and the link's state at a glance in the status bar. Every action runs through
/// DeskService off the GUI thread; a refusal is shown in words.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(DeskSettings settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    DeskService *desk() const { return m_desk; }

public Q_SLOTS:
    void startObservation();
    void finishObservation();
    void registerFolder();
    void createPackage();
    void finalizePackage();
    void requestStaging();
    void cancelStaging();
    void retryTransaction();
    void discardTransaction();
    void showNight(QDate night);
    void openSettings();
    void exportNight(const QString &format);

Q_SIGNALS:
    /// A desk action finished: `ok`, and the refusal in words when not.
    void actionFinished(bool ok, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildViews();
    void buildActions();
    void report(const QString &what, bool ok, const QString &message);
    QJsonObject selectedObservation() const;
    void updateNightPicture();

    DeskSettings m_settings;
    DeskService *m_desk = nullptr;
    StatusWatcher *m_status = nullptr;
    QTabWidget *m_tabs = nullptr;
    QDateEdit *m_night = nullptr;
    RecordView *m_nightLog = nullptr;
    RecordView *m_nightFiles = nullptr;
    RecordView *m_nightPackages = nullptr;
    RecordView *m_files = nullptr;
    RecordView *m_packages = nullptr;
    RecordView *m_staging = nullptr;
    RecordView *m_sync = nullptr;
    RecordView *m_audit = nullptr;
    QPlainTextEdit *m_health = nullptr;
    EventLogModel *m_events = nullptr;
    NightTimelineWidget *m_timeline = nullptr;
    QLabel *m_summary = nullptr;
    SyncStatus::Central m_lastCentral = SyncStatus::Central::NotConfigured;
    qint64 m_lastFailed = 0;
    QLabel *m_statusLabel = nullptr;
};

} // namespace ops
