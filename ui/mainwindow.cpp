#include "mainwindow.h"

#include "backloghistory.h"
#include "buffer.h"
#include "deskcolumns.h"
#include "deskqueries.h"
#include "deskservice.h"
#include "eventlogmodel.h"
#include "folderregistration.h"
#include "healthpanel.h"
#include "linkstatus.h"
#include "mergedreader.h"
#include "nightlogpage.h"
#include "nightreport.h"
#include "nightsummary.h"
#include "recordtablemodel.h"
#include "recordview.h"
#include "schema.h"
#include "settingsdialog.h"
#include "stagingjob.h"
#include "stateicons.h"
#include "statuswatcher.h"
#include "syncplots.h"
#include "timestamps.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace ops {

namespace {

/// Runs `fit` after `widget` has taken a new font (the text size chosen in Settings).
class FontChangeWatcher final : public QObject
{
public:
    FontChangeWatcher(QWidget *widget, std::function<void()> fit)
        : QObject(widget), m_fit(std::move(fit))
    {
        widget->installEventFilter(this);
    }
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::FontChange)
            QTimer::singleShot(0, this, m_fit);
        return false;
    }

private:
    std::function<void()> m_fit;
};

void onFontChange(QWidget *widget, std::function<void()> fit)
{
    new FontChangeWatcher(widget, std::move(fit));
}

using C = ColumnSpec;

} // namespace

MainWindow::MainWindow(DeskSettings settings, QWidget *parent)
    : QMainWindow(parent), m_settings(std::move(settings))
{
    m_clock = m_settings.clock ? m_settings.clock : &Clock::system();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Operations console — %1").arg(m_settings.site.site));
    m_desk = new DeskService(m_settings.bufferPath, m_settings.site, m_settings.operatorName, this);
    m_status = new StatusWatcher(m_settings.bufferPath, m_settings.site.site, m_settings.siteType,
                                 m_settings.sync, this);
    buildViews();
    buildActions();

    m_folders = new FolderRegistration(m_desk, this);
    connect(m_folders, &FolderRegistration::finished, this, &MainWindow::report);
    connect(m_folders, &FolderRegistration::cancelled, this, &MainWindow::reportCancelled);
    connect(m_folders, &FolderRegistration::readingChanged, this, &MainWindow::updateActions);
    m_link = new LinkStatus(m_status, statusBar(), m_events, m_health, *m_clock,
                            m_settings.bufferDamage, this);
    m_link->setAlarmMinutes(SettingsDialog::backlogAlarmMinutes());
    connect(m_link, &LinkStatus::alarmRaised, this, &MainWindow::alarmRaised);

    // What opening the buffer found (a damaged WAL, a quarantined file, what was recovered):
    // the operator must read it, and it stays in the event log and the health panel.
    if (!m_settings.bufferDamage.isEmpty()) {
        m_events->append(QStringLiteral("failed"),
                         tr("The buffer was damaged: %1").arg(m_settings.bufferDamage));
        statusBar()->showMessage(tr("The buffer was damaged: see the event log"));
    }

    QSettings layout;
    restoreGeometry(layout.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(layout.value(QStringLiteral("window/state")).toByteArray());
    if (layout.contains(QStringLiteral("window/tab")))
        m_tabs->setCurrentIndex(layout.value(QStringLiteral("window/tab")).toInt());
    for (QSplitter *splitter : findChildren<QSplitter *>())
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(
                layout.value(QStringLiteral("window/splitters/") + splitter->objectName())
                    .toByteArray());
    if (!layout.contains(QStringLiteral("window/geometry")))
        resize(1280, 780);
    showNight(m_settings.initialNight.isValid() ? m_settings.initialNight
                                                : timestamps::nightOf(now(), m_settings.zone));

    // What the actions act on follows the focus and the visible tab.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *focused) {
        for (QWidget *w = focused; w; w = w->parentWidget()) {
            if (auto *view = qobject_cast<RecordView *>(w)) {
                if (view->window() == this && m_active != view) {
                    m_active = view;
                    updateActions();
                }
                return;
            }
        }
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    for (RecordView *view : findChildren<RecordView *>()) {
        connect(view, &RecordView::selectionChanged, this, &MainWindow::updateActions);
        connect(view, &RecordView::engaged, this, [this, view] {
            if (m_active != view) {
                m_active = view;
                updateActions();
            }
        });
    }
    updateActions();
}

QDate MainWindow::shownNight() const
{
    return m_nightPage->shownNight();
}

bool MainWindow::followsTonight() const
{
    return m_nightPage->followsTonight();
}

void MainWindow::showNight(QDate night)
{
    m_nightPage->showNight(night);
}

void MainWindow::showTonight()
{
    m_nightPage->showTonight();
}

qint64 MainWindow::now() const
{
    return m_clock->nowMicros();
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_folders->mayQuit()) {
        event->ignore();
        return;
    }
    QSettings layout;
    layout.setValue(QStringLiteral("window/geometry"), saveGeometry());
    layout.setValue(QStringLiteral("window/state"), saveState());
    layout.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    for (const QSplitter *splitter : findChildren<QSplitter *>())
        if (!splitter->objectName().isEmpty())
            layout.setValue(QStringLiteral("window/splitters/") + splitter->objectName(),
                            splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::buildViews()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    buildNightLogTab();
    buildFilesTab();
    buildPackagesTab();
    buildStagingTab();
    buildSyncTab();
    buildAuditTab();
    buildEventsTab();
    for (RecordView *view : findChildren<RecordView *>())
        view->model()->setTimeZone(m_settings.zone);
    setCentralWidget(m_tabs);
}

/// The night log: the chosen night's picture and observations, and the selected one's files and
/// packages.
void MainWindow::buildNightLogTab()
{
    m_nightPage = new NightLogPage(m_settings.bufferPath, m_settings.zone, *m_clock, this);
    m_tabs->addTab(m_nightPage, tr("Night log"));
}

void MainWindow::buildFilesTab()
{
    const QString path = m_settings.bufferPath;
    m_files = new RecordView(new RecordTableModel(path, deskcolumns::files(), this),
                             QStringLiteral("files"), this);
    m_files->model()->setQuery(deskqueries::files());
    m_files->setFollow(RecordView::Follow::Top);
    m_files->view()->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tabs->addTab(m_files, tr("Files"));
}

/// Packages, with the newest ones' sizes against the limit below.
void MainWindow::buildPackagesTab()
{
    const QString path = m_settings.bufferPath;
    m_packages = new RecordView(new RecordTableModel(path, deskcolumns::packages(), this),
                                QStringLiteral("packages"), this);
    m_packages->model()->setQuery(deskqueries::packages());
    m_packages->setFollow(RecordView::Follow::Top);
    m_packages->view()->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *packagePage = new QSplitter(Qt::Vertical, this);
    packagePage->setObjectName(QStringLiteral("packagesPage"));
    packagePage->addWidget(m_packages);
    auto *sizes = new PackageSizeChart(m_settings.site.maxPackageBytes, packagePage);
    packagePage->addWidget(sizes);
    packagePage->setStretchFactor(0, 3);
    packagePage->setStretchFactor(1, 2);
    connect(m_packages->model(), &RecordTableModel::loaded, sizes, [this, sizes] {
        QList<QJsonObject> newest;
        for (int i = 0; i < std::min(8, m_packages->model()->rowCount()); ++i)
            newest << m_packages->model()->record(i);
        sizes->setPackages(newest);
    });
    m_tabs->addTab(packagePage, tr("Packages"));
}

void MainWindow::buildStagingTab()
{
    const QString path = m_settings.bufferPath;
    m_staging = new RecordView(
        new RecordTableModel(path,
                             {{QStringLiteral("destination"), tr("Destination"), C::Text},
                              {QStringLiteral("status"), tr("Status"), C::State},
                              {QStringLiteral("package_names"), tr("Packages"), C::Text},
                              {QStringLiteral("package_count"), tr("Count"), C::Number},
                              {QStringLiteral("requested_by"), tr("Requested by"), C::Text},
                              {QStringLiteral("reason"), tr("Reason"), C::Text},
                              {QStringLiteral("cancelled_by"), tr("Cancelled by"), C::Text},
                              {QStringLiteral("cancel_reason"), tr("Cancel reason"), C::Text},
                              {QStringLiteral("created_at"), tr("Requested"), C::Time},
                              {QStringLiteral("sync_state"), tr("Sync"), C::State},
                              {QStringLiteral("id"), tr("Id"), C::Text}},
                             this),
        QStringLiteral("staging"), this);
    m_staging->model()->setQuery(deskqueries::stagingJobs());
    m_staging->setFollow(RecordView::Follow::Top);
    m_tabs->addTab(m_staging, tr("Staging"));
}

/// The sync queue, with the backlog's history and the link's health below.
void MainWindow::buildSyncTab()
{
    const QString path = m_settings.bufferPath;
    m_sync = new RecordView(
        new RecordTableModel(path,
                             {{QStringLiteral("summary"), tr("Transaction"), C::Text},
                              {QStringLiteral("state"), tr("State"), C::State},
                              {QStringLiteral("created_at"), tr("Acknowledged"), C::Time},
                              {QStringLiteral("attempts"), tr("Attempts"), C::Number},
                              {QStringLiteral("next_attempt_at"), tr("Next attempt"), C::Time},
                              {QStringLiteral("last_error"), tr("Central's answer"), C::Text},
                              {QStringLiteral("actor"), tr("By"), C::Text},
                              {QStringLiteral("id"), tr("Id"), C::Text}},
                             this),
        QStringLiteral("sync"), this);
    m_sync->model()->setQuery(deskqueries::transactions());
    m_sync->model()->setStateExplanation([](const QString &state) {
        if (state == QLatin1StringView("failed"))
            return tr("Refused by the central database (its answer is in the next columns): "
                      "retry it once the cause is gone (Ctrl+Shift+R) or discard it "
                      "(Ctrl+Shift+D)");
        if (state == QLatin1StringView("pending"))
            return tr("Waiting to be sent to the central database");
        return stateicons::explanation(state);
    });
    auto *syncPage = new QSplitter(Qt::Vertical, this);
    syncPage->setObjectName(QStringLiteral("syncPage"));
    syncPage->addWidget(m_sync);
    // The plot beside the health panel, not above it: stacked, at 1280x780 the panel's lines
    // left the plot ~35 px (N2), every tick elided.
    auto *backlogRow = new QSplitter(Qt::Horizontal, syncPage);
    backlogRow->setObjectName(QStringLiteral("syncBacklogRow"));
    m_backlogChart = new BacklogChart(new BacklogHistory(path, this), m_settings.zone,
                                      SettingsDialog::backlogAlarmMinutes(), backlogRow);
    backlogRow->addWidget(m_backlogChart);
    m_health = new HealthPanel(m_settings.zone);
    // Its values wrap; a scroll bar rather than a cut line when the text is large.
    auto *healthScroll = new QScrollArea(backlogRow);
    healthScroll->setObjectName(QStringLiteral("healthScroll"));
    healthScroll->setWidget(m_health);
    healthScroll->setWidgetResizable(true);
    healthScroll->setFrameShape(QFrame::NoFrame);
    healthScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    healthScroll->setMinimumWidth(healthScroll->fontMetrics().averageCharWidth() * 36);
    onFontChange(healthScroll, [healthScroll] {
        healthScroll->setMinimumWidth(healthScroll->fontMetrics().averageCharWidth() * 36);
    });
    backlogRow->addWidget(healthScroll);
    backlogRow->setStretchFactor(0, 3);
    backlogRow->setStretchFactor(1, 2);
    backlogRow->setSizes({3000, 2000}); // as shares: three fifths to the plot
    backlogRow->setCollapsible(0, false);
    syncPage->addWidget(backlogRow);
    syncPage->setStretchFactor(0, 1);
    syncPage->setStretchFactor(1, 1);
    syncPage->setCollapsible(1, false);
    m_tabs->addTab(syncPage, tr("Sync"));
}

void MainWindow::buildAuditTab()
{
    const QString path = m_settings.bufferPath;
    m_audit =
        new RecordView(new RecordTableModel(path,
                                            {{QStringLiteral("created_at"), tr("When"), C::Time},
                                             {QStringLiteral("actor"), tr("Who"), C::Text},
                                             {QStringLiteral("action_label"), tr("What"), C::Text},
                                             {QStringLiteral("target_name"), tr("Record"), C::Text},
                                             {QStringLiteral("reason"), tr("Reason"), C::Text},
                                             {QStringLiteral("sync_state"), tr("Sync"), C::State}},
                                            this),
                       QStringLiteral("audit"), this);
    m_audit->model()->setQuery(deskqueries::audit());
    m_audit->setFollow(RecordView::Follow::Top);
    m_tabs->addTab(m_audit, tr("Audit"));
}

void MainWindow::buildEventsTab()
{
    m_events = new EventLogModel(1000, this);
    m_events->setTimeZone(m_settings.zone);
    // Events: one line each (the time never wraps), and a filter over every column.
    auto *eventsPage = new QWidget(this);
    auto *eventsFilter = new QLineEdit(eventsPage);
    eventsFilter->setObjectName(QStringLiteral("eventsFilter"));
    eventsFilter->setPlaceholderText(tr("Filter events"));
    eventsFilter->setClearButtonEnabled(true);
    auto *eventsShown = new QSortFilterProxyModel(this);
    eventsShown->setSourceModel(m_events);
    eventsShown->setFilterKeyColumn(-1);
    eventsShown->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(eventsFilter, &QLineEdit::textChanged, eventsShown,
            &QSortFilterProxyModel::setFilterFixedString);
    auto *events = new QTableView(eventsPage);
    events->setObjectName(QStringLiteral("eventsTable"));
    events->setModel(eventsShown);
    events->verticalHeader()->hide();
    events->setWordWrap(false);
    events->horizontalHeader()->setStretchLastSection(true);
    events->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(m_events, &QAbstractItemModel::rowsInserted, events, [events] {
        events->resizeColumnToContents(EventLogModel::Time);
        events->resizeColumnToContents(EventLogModel::Kind);
        events->scrollToBottom();
    });
    // A new text size fits the columns again (D19), once the table has it.
    onFontChange(events, [events] {
        events->resizeColumnToContents(EventLogModel::Time);
        events->resizeColumnToContents(EventLogModel::Kind);
    });
    auto *eventsLayout = new QVBoxLayout(eventsPage);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    eventsLayout->addWidget(eventsFilter);
    eventsLayout->addWidget(events);
    m_tabs->addTab(eventsPage, tr("Events"));
}

void MainWindow::buildActions()
{
    const auto add = [this](QMenu *menu, QToolBar *bar, const QString &name, const QString &text,
                            const QKeySequence &keys, void (MainWindow::*slot)()) {
        QAction *action = menu->addAction(text, this, slot);
        action->setObjectName(name);
        action->setShortcut(keys);
        m_actions.insert(name, action);
        if (bar)
            bar->addAction(action);
        return action;
    };
    QToolBar *bar = addToolBar(tr("Desk"));
    bar->setObjectName(QStringLiteral("deskToolBar"));
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *csv = fileMenu->addAction(tr("Export night log as &CSV…"), this,
                                       [this] { exportNight(QStringLiteral("csv")); });
    csv->setObjectName(QStringLiteral("actionExportCsv"));
    QAction *pdfAction = fileMenu->addAction(tr("Export night log as &PDF report…"), this,
                                             [this] { exportNight(QStringLiteral("pdf")); });
    pdfAction->setObjectName(QStringLiteral("actionExportPdf"));
    pdfAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QMenu *observations = menuBar()->addMenu(tr("&Observation"));
    add(observations, bar, QStringLiteral("actionStart"), tr("&Start observation…"),
        QKeySequence(Qt::CTRL | Qt::Key_N), &MainWindow::startObservation);
    add(observations, bar, QStringLiteral("actionFinish"), tr("&Finish observation…"),
        QKeySequence(Qt::CTRL | Qt::Key_E), &MainWindow::finishObservation);
    add(observations, bar, QStringLiteral("actionRegisterFolder"),
        tr("&Register files from folder…"), QKeySequence(Qt::CTRL | Qt::Key_R),
        &MainWindow::registerFolder);
    QMenu *packages = menuBar()->addMenu(tr("&Package"));
    add(packages, bar, QStringLiteral("actionCreatePackage"),
        tr("&Create package from selected files…"), QKeySequence(Qt::CTRL | Qt::Key_P),
        &MainWindow::createPackage);
    add(packages, nullptr, QStringLiteral("actionFinalize"), tr("&Finalize package"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), &MainWindow::finalizePackage);
    add(packages, bar, QStringLiteral("actionStage"), tr("Request &staging…"),
        QKeySequence(Qt::CTRL | Qt::Key_T), &MainWindow::requestStaging);
    QMenu *staging = menuBar()->addMenu(tr("&Staging"));
    add(staging, nullptr, QStringLiteral("actionCancelStaging"), tr("&Cancel staging job…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), &MainWindow::cancelStaging);
    QMenu *sync = menuBar()->addMenu(tr("S&ync"));
    add(sync, nullptr, QStringLiteral("actionRetry"), tr("&Retry dead-lettered transaction…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), &MainWindow::retryTransaction);
    add(sync, nullptr, QStringLiteral("actionDiscard"), tr("&Discard dead-lettered transaction…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), &MainWindow::discardTransaction);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *action = view->addAction(m_tabs->tabText(i).remove(QLatin1Char('&')), this,
                                          [this, i] { m_tabs->setCurrentIndex(i); });
        action->setShortcut(QKeySequence(Qt::ALT | (Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction *settings = view->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setObjectName(QStringLiteral("actionSettings"));
    // QKeySequence::Preferences is empty on Linux desktops: the README's Ctrl+, explicitly.
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    view->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    // Right-click on a row: the desk actions that apply to that view's records.
    const QHash<Kind, QStringList> menus{
        {Kind::Observations,
         {QStringLiteral("actionFinish"), QStringLiteral("actionRegisterFolder")}},
        {Kind::Files, {QStringLiteral("actionCreatePackage")}},
        {Kind::Packages, {QStringLiteral("actionFinalize"), QStringLiteral("actionStage")}},
        {Kind::Staging, {QStringLiteral("actionCancelStaging")}},
        {Kind::Sync, {QStringLiteral("actionRetry"), QStringLiteral("actionDiscard")}}};
    for (RecordView *v : findChildren<RecordView *>()) {
        const QStringList names = menus.value(kindOf(v));
        v->view()->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(v->view(), &QWidget::customContextMenuRequested, this, [this, v, names](QPoint at) {
            m_active = v;
            updateActions();
            QMenu menu(this);
            for (const QString &name : names)
                menu.addAction(m_actions.value(name));
            if (!names.isEmpty())
                menu.addSeparator();
            QAction *copy = menu.addAction(tr("Copy rows"));
            copy->setShortcut(QKeySequence::Copy);
            connect(copy, &QAction::triggered, this,
                    [v] { QApplication::clipboard()->setText(v->selectionAsText()); });
            menu.exec(v->view()->viewport()->mapToGlobal(at));
        });
        // Double-click: the record in full.
        connect(v, &RecordView::activated, this, [this, v](const QJsonObject &record) {
            std::unique_ptr<QDialog> dialog(v->detailDialog(record, this));
            dialog->exec();
        });
    }
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_settings.configFile, m_desk, this);
    if (dialog.exec() == QDialog::Accepted) {
        const int minutes = SettingsDialog::backlogAlarmMinutes();
        m_backlogChart->setThresholdMinutes(minutes);
        m_link->setAlarmMinutes(minutes);
    }
}

void MainWindow::exportNight(const QString &format)
{
    const QDate night = m_nightPage->shownNight();
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export the night log"),
        QStringLiteral("night-%1.%2").arg(night.toString(Qt::ISODate), format),
        format == QLatin1StringView("pdf") ? tr("PDF (*.pdf)") : tr("CSV (*.csv)"));
    if (file.isEmpty())
        return;
    // The whole night in time order, whatever the table's filter or sorting; read off the GUI
    // thread, written here (the PDF paints with the GUI's fonts).
    auto *watcher = new QFutureWatcher<QJsonArray>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, night, file, format] {
        const QJsonArray log = watcher->result();
        watcher->deleteLater();
        QString problem;
        if (format == QLatin1StringView("pdf")) {
            problem = writeNightPdf(file, night, log, m_settings.site.site, m_settings.zone, now());
        } else {
            QSaveFile out(file);
            if (!out.open(QIODevice::WriteOnly) || out.write(nightLogCsv(log)) < 0 || !out.commit())
                problem = out.errorString();
        }
        if (!problem.isEmpty())
            return report(tr("Export the night log"), false, problem);
        // A file written, not an operation buffered for central: say where it went.
        const QString done = tr("Night log exported to %1").arg(QDir::toNativeSeparators(file));
        m_events->append(QStringLiteral("synced"), done);
        statusBar()->showMessage(done, 8000);
        Q_EMIT actionFinished(true, done);
    });
    watcher->setFuture(QtConcurrent::run(
        [path = m_settings.bufferPath,
         query = deskqueries::nightLog(timestamps::nightWindow(night, m_settings.zone))] {
            Buffer buffer;
            if (!buffer.open(path))
                return QJsonArray();
            return recordquery::page(buffer.database(), query, {}, 0, 100000);
        }));
}

void MainWindow::report(const QString &what, bool ok, const QString &message)
{
    m_events->append(ok ? QStringLiteral("buffered") : QStringLiteral("failed"),
                     ok ? tr("%1: done (buffered)").arg(what)
                        : tr("%1 refused: %2").arg(what, message));
    if (ok)
        statusBar()->showMessage(tr("%1: done (buffered)").arg(what), 5000);
    else
        QMessageBox::warning(this, what, tr("%1 was refused:\n\n%2").arg(what, message));
    Q_EMIT actionFinished(ok, message);
}

void MainWindow::reportCancelled(const QString &what, const QString &message)
{
    // The operator's own choice: said once, quietly, not as a refusal.
    m_events->append(QStringLiteral("cancelled"), tr("%1: cancelled. %2").arg(what, message));
    statusBar()->showMessage(tr("%1: cancelled. %2").arg(what, message), 8000);
    Q_EMIT actionFinished(false, message);
}

MainWindow::Kind MainWindow::kindOf(const RecordView *view) const
{
    if (view == m_nightPage->observations())
        return Kind::Observations;
    if (view == m_files || view == m_nightPage->files())
        return Kind::Files;
    if (view == m_packages || view == m_nightPage->packages())
        return Kind::Packages;
    if (view == m_staging)
        return Kind::Staging;
    if (view == m_sync)
        return Kind::Sync;
    return Kind::Other;
}

RecordView *MainWindow::activeView() const
{
    // A view in a hidden tab (or a hidden pane) never lends its selection to an action.
    if (m_active && m_active->isVisible())
        return m_active;
    QWidget *page = m_tabs->currentWidget();
    if (!page)
        return nullptr;
    if (auto *view = qobject_cast<RecordView *>(page))
        return view;
    for (RecordView *view : {m_nightPage->observations(), m_packages, m_sync})
        if (page->isAncestorOf(view))
            return view;
    return nullptr;
}

QJsonObject MainWindow::targetObservation() const
{
    // The night log's current observation, while the night log (or its panes) is in front.
    const RecordView *active = activeView();
    if (active == m_nightPage->observations() || active == m_nightPage->files() ||
        active == m_nightPage->packages())
        return m_nightPage->observations()->currentRecord();
    return {};
}

QList<QJsonObject> MainWindow::targetRecords(Kind kind) const
{
    RecordView *active = activeView();
    if (!active || kindOf(active) != kind)
        return {};
    return active->selectedRecords();
}

QJsonObject MainWindow::targetRecord(Kind kind) const
{
    RecordView *active = activeView();
    if (!active || kindOf(active) != kind)
        return {};
    const QList<QJsonObject> selected = active->selectedRecords();
    return selected.size() == 1 ? selected.first() : active->currentRecord();
}

namespace {
QString field(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toVariant().toString();
}
qint64 number(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toInteger();
}
/// At most `shown` names, then "and N more".
QString names(const QList<QJsonObject> &records, const char *key, int shown = 5)
{
    QStringList out;
    for (int i = 0; i < records.size() && i < shown; ++i)
        out << field(records[i], key);
    QString text = out.join(QStringLiteral(", "));
    // The count in a variable: lupdate does not see a translate() whose count is a cast.
    const int more = static_cast<int>(records.size() - shown);
    if (more > 0)
        text += QCoreApplication::translate("ops::MainWindow", " and %n more", "", more);
    return text;
}
/// "1 file", "1,204 files", in the operator's language.
QString filesText(qint64 count)
{
    const int n = static_cast<int>(std::min<qint64>(count, INT_MAX));
    return QCoreApplication::translate("ops::MainWindow", "%Ln file(s)", "", n);
}
} // namespace

void MainWindow::updateActions()
{
    // Each action: enabled only when the visible selection makes it possible; the tooltip says
    // what it will act on, or why it cannot.
    const auto set = [this](const char *name, bool on, const QString &why) {
        QAction *a = m_actions.value(QString::fromLatin1(name));
        if (!a)
            return;
        a->setEnabled(on);
        a->setStatusTip(why);
        a->setToolTip(a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")) +
                      QStringLiteral(" — ") + why);
    };
    const QJsonObject obs = targetObservation();
    const QString obsStatus = field(obs, "status");
    if (obs.isEmpty())
        set("actionFinish", false, tr("Select an observation in the night log."));
    else if (obsStatus != QLatin1StringView("running"))
        set("actionFinish", false,
            tr("Obs unit %1 is %2; only a running observation can be finished.")
                .arg(field(obs, "obs_unit_id"), stateicons::label(obsStatus)));
    else
        set("actionFinish", true, tr("Obs unit %1").arg(field(obs, "obs_unit_id")));
    set("actionRegisterFolder", !obs.isEmpty() && !m_folders->isReading(),
        m_folders->isReading() ? tr("A folder is being read; wait for it or cancel it.")
        : obs.isEmpty()        ? tr("Select the observation in the night log.")
                               : tr("Obs unit %1").arg(field(obs, "obs_unit_id")));

    const QList<QJsonObject> files = targetRecords(Kind::Files);
    bool packaged = false;
    QSet<QString> observations;
    for (const QJsonObject &f : files) {
        packaged |= !field(f, "raw_data_package_id").isEmpty();
        observations << field(f, "executed_obs_unit_id");
    }
    if (files.isEmpty())
        set("actionCreatePackage", false,
            tr("Select files in the Files view or in the night log's files."));
    else if (packaged)
        set("actionCreatePackage", false, tr("Some selected files are already in a package."));
    else if (observations.size() > 1)
        set("actionCreatePackage", false,
            tr("The selected files belong to more than one observation."));
    else
        set("actionCreatePackage", true, tr("%n file(s)", "", static_cast<int>(files.size())));

    const QList<QJsonObject> packages = targetRecords(Kind::Packages);
    bool allBuilding = !packages.isEmpty(), allComplete = !packages.isEmpty();
    for (const QJsonObject &p : packages) {
        allBuilding &= field(p, "status") == QLatin1StringView("building");
        allComplete &= field(p, "status") == QLatin1StringView("complete");
    }
    set("actionFinalize", allBuilding,
        packages.isEmpty() ? tr("Select a package that is still building.")
        : allBuilding      ? names(packages, "name")
                           : tr("Only a package that is still building can be finalized."));
    set("actionStage", allComplete,
        packages.isEmpty() ? tr("Select complete packages.")
        : allComplete      ? names(packages, "name")
                           : tr("Only complete packages can be staged."));

    const QJsonObject job = targetRecord(Kind::Staging);
    const bool cancellable = !job.isEmpty() && stagingjob::canCancel(field(job, "status"));
    set("actionCancelStaging", cancellable,
        job.isEmpty() ? tr("Select a staging job.")
        : cancellable
            ? tr("Staging to %1").arg(field(job, "destination"))
            : tr("This staging job is already %1.").arg(stateicons::label(field(job, "status"))));

    const QJsonObject tx = targetRecord(Kind::Sync);
    const bool dead = field(tx, "state") == QLatin1StringView("failed");
    const QString txWhy =
        dead ? field(tx, "summary") : tr("Select a transaction the central database refused.");
    set("actionRetry", dead, txWhy);
    set("actionDiscard", dead, txWhy);
}

std::optional<QString> MainWindow::askReason(const QString &title, const QString &text,
                                             const QString &acceptText, const QString &keepText)
{
    // A reason box that is kind to the keyboard: Tab leaves it, Ctrl+Enter confirms, and the
    // buttons say what they do.
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("reasonDialog"));
    dialog.setWindowTitle(title);
    auto *label = new QLabel(text, &dialog);
    label->setObjectName(QStringLiteral("reasonText"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    auto *edit = new QPlainTextEdit(&dialog);
    edit->setObjectName(QStringLiteral("reasonEdit"));
    edit->setTabChangesFocus(true);
    edit->setPlaceholderText(tr("Reason (required)"));
    auto *buttons = new QDialogButtonBox(&dialog);
    QPushButton *ok = buttons->addButton(acceptText, QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("reasonAccept"));
    QPushButton *keep = buttons->addButton(keepText, QDialogButtonBox::RejectRole);
    keep->setObjectName(QStringLiteral("reasonKeep"));
    keep->setDefault(true);
    ok->setEnabled(false);
    connect(edit, &QPlainTextEdit::textChanged, &dialog,
            [edit, ok] { ok->setEnabled(!edit->toPlainText().trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *confirm = new QShortcut(keys, &dialog);
        connect(confirm, &QShortcut::activated, &dialog, [ok] {
            if (ok->isEnabled())
                ok->click();
        });
    }
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(label);
    layout->addWidget(edit, 1);
    layout->addWidget(buttons);
    // N4: sized to its text, whatever the language and text size (a fixed 520x300 cut German's
    // Discard warning at 12 pt): about 60 characters wide, as tall as the wrapped text needs.
    const QFontMetrics metrics(dialog.font());
    const QRect screen =
        this->screen() ? this->screen()->availableGeometry() : QRect(0, 0, 1280, 780);
    const int width =
        std::min(screen.width() * 9 / 10, std::max(520, metrics.averageCharWidth() * 64));
    const QMargins margins = layout->contentsMargins();
    label->setMinimumHeight(label->heightForWidth(width - margins.left() - margins.right()));
    edit->setMinimumHeight(metrics.lineSpacing() * 3 + 12);
    dialog.setMinimumWidth(std::min(width, 360));
    dialog.resize(width, std::min(screen.height() * 9 / 10,
                                  std::max(300, layout->totalHeightForWidth(width))));
    edit->setFocus();
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return edit->toPlainText().trimmed();
}

void MainWindow::startObservation()
{
    bool ok = false;
    const int obsUnit = QInputDialog::getInt(this, tr("Start observation"),
                                             tr("Planned observation unit (obs_unit_id):"), 1, 1,
                                             std::numeric_limits<int>::max(), 1, &ok);
    if (!ok)
        return;
    m_desk->run(
        [obsUnit](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(
                ops.startObservation({{QStringLiteral("obs_unit_id"), obsUnit}}, actor));
        },
        this, [this](const DeskOutcome &o) { report(tr("Start observation"), o.ok, o.message); });
}

void MainWindow::finishObservation()
{
    const QJsonObject observation = targetObservation();
    if (observation.isEmpty())
        return report(tr("Finish observation"), false,
                      tr("Select an observation in the night log first."));
    const QString current = field(observation, "status");
    if (current != QLatin1StringView("running"))
        return report(tr("Finish observation"), false,
                      tr("Obs unit %1 is %2; only a running observation can be finished.")
                          .arg(field(observation, "obs_unit_id"), stateicons::label(current)));
    const QStringList statuses{QStringLiteral("completed"), QStringLiteral("failed"),
                               QStringLiteral("aborted")};
    QStringList choices;
    for (const QString &status : statuses)
        choices << stateicons::label(status);
    const QDateTime started =
        QDateTime::fromString(field(observation, "start_time"), Qt::ISODateWithMs)
            .toTimeZone(m_settings.zone);
    bool ok = false;
    const QString choice = QInputDialog::getItem(
        this, tr("Finish observation"),
        tr("Finish the observation of obs unit %1 (started %2, %n file(s)) as:", "",
           static_cast<int>(number(observation, "file_count")))
            .arg(field(observation, "obs_unit_id"),
                 QLocale().toString(started.time(), QLocale::ShortFormat)),
        choices, 0, false, &ok);
    if (!ok || !choices.contains(choice))
        return;
    const QString status = statuses.value(choices.indexOf(choice));
    const QString id = field(observation, "id");
    m_desk->run(
        [id, status](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(
                ops.finishObservation(id, {{QStringLiteral("status"), status}}, actor));
        },
        this, [this](const DeskOutcome &o) { report(tr("Finish observation"), o.ok, o.message); });
}

void MainWindow::registerFolder()
{
    const QJsonObject observation = targetObservation();
    if (observation.isEmpty())
        return report(tr("Register files"), false,
                      tr("Select the observation the files belong to in the night log first."));
    m_folders->start(observation);
}

void MainWindow::createPackage()
{
    const QList<QJsonObject> files = targetRecords(Kind::Files);
    if (files.isEmpty())
        return report(
            tr("Create package"), false,
            tr("Select the files for the package first (Files view or the night log's files)."));
    qint64 total = 0;
    QJsonArray ids;
    QSet<QString> modules;
    for (const QJsonObject &f : files) {
        total += number(f, "size_bytes");
        ids.append(f.value(QLatin1StringView("id")));
        modules << field(f, "instrument_module");
    }
    const QJsonObject first = files.first();
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Create package"),
        tr("Package %n file(s) (%1 of at most %2), module %3:\n%4\n\nPackage name:", "",
           static_cast<int>(files.size()))
            .arg(QLocale().formattedDataSize(total),
                 QLocale().formattedDataSize(m_settings.site.maxPackageBytes),
                 QStringList(modules.begin(), modules.end()).join(QStringLiteral(", ")),
                 names(files, "relative_path")),
        QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    const QJsonObject body{
        {QStringLiteral("name"), name.trimmed()},
        {QStringLiteral("executed_obs_unit_id"),
         first.value(QLatin1StringView("executed_obs_unit_id"))},
        {QStringLiteral("instrument_module"), first.value(QLatin1StringView("instrument_module"))},
        {QStringLiteral("file_ids"), ids}};
    m_desk->run(
        [body](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(ops.createPackage(body, actor));
        },
        this, [this](const DeskOutcome &o) { report(tr("Create package"), o.ok, o.message); });
}

void MainWindow::finalizePackage()
{
    const QList<QJsonObject> packages = targetRecords(Kind::Packages);
    if (packages.isEmpty())
        return report(tr("Finalize package"), false,
                      tr("Select the package in the Packages view (or the night log's packages) "
                         "first."));
    qint64 files = 0, bytes = 0;
    QStringList ids;
    for (const QJsonObject &p : packages) {
        if (field(p, "status") != QLatin1StringView("building"))
            return report(tr("Finalize package"), false,
                          tr("Package %1 is already %2; only a package that is still building "
                             "can be finalized.")
                              .arg(field(p, "name"), stateicons::label(field(p, "status"))));
        files += number(p, "file_count");
        bytes += number(p, "total_size_bytes");
        ids << field(p, "id");
    }
    QMessageBox box(
        QMessageBox::Question, tr("Finalize package"),
        tr("Finalize %n package(s): %1 (%2, %3)?\n\nNo files can be added to "
           "them afterwards; they become ready for transfer and staging.",
           "", static_cast<int>(packages.size()))
            .arg(names(packages, "name"), filesText(files), QLocale().formattedDataSize(bytes)),
        QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("finalizeConfirm"));
    box.button(QMessageBox::Yes)->setText(tr("Finalize"));
    box.button(QMessageBox::No)->setText(tr("Keep building"));
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() != QMessageBox::Yes)
        return;
    m_desk->run(
        [ids](Operations &ops, Outbox &, const QString &actor) {
            DeskOutcome last;
            for (const QString &id : ids) {
                last = DeskService::outcome(ops.finalizePackage(id, actor));
                if (!last.ok)
                    break;
            }
            return last;
        },
        this, [this](const DeskOutcome &o) { report(tr("Finalize package"), o.ok, o.message); });
}

void MainWindow::requestStaging()
{
    const QList<QJsonObject> packages = targetRecords(Kind::Packages);
    if (packages.isEmpty())
        return report(tr("Request staging"), false,
                      tr("Select one or more complete packages in the Packages view first."));
    qint64 files = 0, bytes = 0;
    QJsonArray ids;
    for (const QJsonObject &p : packages) {
        files += number(p, "file_count");
        bytes += number(p, "total_size_bytes");
        ids.append(p.value(QLatin1StringView("id")));
    }
    bool ok = false;
    const QString destination = QInputDialog::getText(
        this, tr("Request staging"),
        tr("Stage %n package(s): %1 (%2, %3)\n\nto (processing location):", "",
           static_cast<int>(packages.size()))
            .arg(names(packages, "name"), filesText(files), QLocale().formattedDataSize(bytes)),
        QLineEdit::Normal, QStringLiteral("ramses-processing"), &ok);
    if (!ok)
        return;
    const QJsonObject body{{QStringLiteral("raw_data_package_ids"), ids},
                           {QStringLiteral("destination"), destination.trimmed()}};
    // A package that already has an active job to this destination is refused by the domain
    // rule (the same 409 REST gives), naming that job: a double Enter never stages twice.
    m_desk->run(
        [body](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(ops.requestStaging(body, actor));
        },
        this, [this](const DeskOutcome &o) { report(tr("Request staging"), o.ok, o.message); });
}

void MainWindow::cancelStaging()
{
    const QJsonObject job = targetRecord(Kind::Staging);
    if (job.isEmpty())
        return report(tr("Cancel staging"), false,
                      tr("Select a staging job in the Staging view first."));
    const QString id = field(job, "id");
    const QString status = field(job, "status");
    if (!stagingjob::canCancel(status))
        return report(tr("Cancel staging"), false,
                      tr("This staging job is already %1; only a pending, scheduled or in-progress "
                         "job can be cancelled.")
                          .arg(stateicons::label(status)));
    // The count and the names come from the job's own links, not from an assumption.
    const int count = static_cast<int>(number(job, "package_count"));
    const auto reason = askReason(
        tr("Cancel staging job"),
        tr("Cancel the staging of %n package(s) (%1; %2, %3) to %4?\n\nThe data-transfer "
           "system will stop working on it; this is recorded in the audit under your name (%5).",
           "", count)
            .arg(field(job, "package_names"), filesText(number(job, "package_file_count")),
                 QLocale().formattedDataSize(number(job, "package_bytes")),
                 field(job, "destination"), m_desk->operatorName()),
        tr("Cancel job"), tr("Keep job"));
    if (!reason)
        return;
    if (reason->isEmpty())
        return report(tr("Cancel staging"), false,
                      tr("A reason is required to cancel a staging job."));
    m_desk->run(
        [id, reason = *reason](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(ops.cancelStaging(id, reason, actor, true));
        },
        this, [this](const DeskOutcome &o) { report(tr("Cancel staging"), o.ok, o.message); });
}

void MainWindow::retryTransaction()
{
    const QJsonObject tx = targetRecord(Kind::Sync);
    if (field(tx, "state") != QLatin1StringView("failed"))
        return report(tr("Retry transaction"), false,
                      tr("Select a failed (dead-lettered) transaction in the Sync view first."));
    const QString id = field(tx, "id");
    QMessageBox box(QMessageBox::Question, tr("Retry transaction"),
                    tr("Send “%1” to the central database again?\n\nCentral refused it "
                       "with:\n%2\n\nRetry only if that cause is gone.")
                        .arg(field(tx, "summary"), field(tx, "last_error")),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.button(QMessageBox::Yes)->setText(tr("Retry"));
    box.button(QMessageBox::No)->setText(tr("Leave it refused"));
    if (box.exec() != QMessageBox::Yes)
        return;
    const QString site = m_settings.site.site;
    m_desk->run(
        [id, site](Operations &, Outbox &outbox, const QString &actor) {
            return DeskService::outcome(outbox.retry(id, actor, site));
        },
        this, [this](const DeskOutcome &o) { report(tr("Retry transaction"), o.ok, o.message); });
}

void MainWindow::discardTransaction()
{
    const QJsonObject tx = targetRecord(Kind::Sync);
    if (field(tx, "state") != QLatin1StringView("failed"))
        return report(tr("Discard transaction"), false,
                      tr("Select a failed (dead-lettered) transaction in the Sync view first."));
    const auto reason =
        askReason(tr("Discard transaction"),
                  tr("Discard “%1”?\n\nCentral refused it with: %2\n\nIts changes leave this "
                     "console for good and never reach the central database; transactions that "
                     "build on them fail in turn. This is recorded in the audit under your name "
                     "(%3).")
                      .arg(field(tx, "summary"), field(tx, "last_error"), m_desk->operatorName()),
                  tr("Discard transaction"), tr("Keep it"));
    if (!reason)
        return;
    if (reason->isEmpty())
        return report(tr("Discard transaction"), false,
                      tr("A reason is required to discard a transaction."));
    const QString id = field(tx, "id");
    const QString site = m_settings.site.site;
    m_desk->run(
        [id, reason = *reason, site](Operations &, Outbox &outbox, const QString &actor) {
            return DeskService::outcome(outbox.discard(id, reason, actor, site));
        },
        this, [this](const DeskOutcome &o) { report(tr("Discard transaction"), o.ok, o.message); });
}

} // namespace ops
