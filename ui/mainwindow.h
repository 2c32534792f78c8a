#pragma once

#include "clock.h"
#include "operations.h"
#include "statuswatcher.h"
#include "syncstatus.h"

#include <QHash>
#include <QMainWindow>
#include <QTimeZone>

#include <memory>

class QAction;
class QTabWidget;

namespace ops {

class BacklogChart;
class DeskService;
class EventLogModel;
class FolderRegistration;
class HealthPanel;
class LinkStatus;
class NightLogPage;
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
    QDate initialNight; ///< the night the log opens on; invalid: the current night (followed)
    const Clock *clock = nullptr; ///< "now" for the night log; null: the system clock
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
    /// Shows the current night and follows it across noon.
    void showTonight();
    void openSettings();
    void exportNight(const QString &format);

Q_SIGNALS:
    /// A desk action finished: `ok`, and the refusal in words when not.
    void actionFinished(bool ok, const QString &message);
    /// Something the operator must see now (a dead letter, the backlog past its threshold); also
    /// sent as a desktop notification (LinkStatus raises it).
    void alarmRaised(const QString &title, const QString &body);

protected:
    void closeEvent(QCloseEvent *event) override;

public:
    /// The view the desk actions act on: the one that has (or last had) focus, if it is visible;
    /// otherwise the main view of the visible tab.
    RecordView *activeView() const;
    /// The night the log shows, and whether it follows the current night.
    QDate shownNight() const;
    bool followsTonight() const;
    /// Asks for the reason of a destructive action (discard, cancel): `text` says what happens,
    /// the dialog grows to show all of it; nothing when the operator keeps things as they are.
    std::optional<QString> askReason(const QString &title, const QString &text,
                                     const QString &acceptText, const QString &keepText);

private:
    enum class Kind
    {
        Observations,
        Files,
        Packages,
        Staging,
        Sync,
        Other
    };
    void buildViews();
    void buildNightLogTab();
    void buildFilesTab();
    void buildPackagesTab();
    void buildStagingTab();
    void buildSyncTab();
    void buildAuditTab();
    void buildEventsTab();
    void buildActions();
    void report(const QString &what, bool ok, const QString &message);
    void reportCancelled(const QString &what, const QString &message);
    Kind kindOf(const RecordView *view) const;
    /// The observation an observation action acts on (the night log's current row, when the
    /// night log tab is in front), or nothing.
    QJsonObject targetObservation() const;
    QList<QJsonObject> targetRecords(Kind kind) const;
    QJsonObject targetRecord(Kind kind) const;
    void updateActions();
    qint64 now() const;

    DeskSettings m_settings;
    DeskService *m_desk = nullptr;
    StatusWatcher *m_status = nullptr;
    QTabWidget *m_tabs = nullptr;
    NightLogPage *m_nightPage = nullptr;
    RecordView *m_files = nullptr;
    RecordView *m_packages = nullptr;
    RecordView *m_staging = nullptr;
    RecordView *m_sync = nullptr;
    RecordView *m_audit = nullptr;
    HealthPanel *m_health = nullptr;
    BacklogChart *m_backlogChart = nullptr;
    EventLogModel *m_events = nullptr;
    LinkStatus *m_link = nullptr;
    FolderRegistration *m_folders = nullptr;
    const Clock *m_clock = nullptr;
    RecordView *m_active = nullptr;
    QHash<QString, QAction *> m_actions;
};

} // namespace ops
