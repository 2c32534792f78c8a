#include "mainwindow.h"

#include "backloghistory.h"
#include "deskservice.h"
#include "eventlogmodel.h"
#include "folderscan.h"
#include "health.h"
#include "mergedreader.h"
#include "nightreport.h"
#include "nightsummary.h"
#include "nighttimelinewidget.h"
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
#include <QCloseEvent>
#include <QDateEdit>
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
#include <QProgressDialog>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace ops {

namespace {

using C = ColumnSpec;

RecordTableModel::Loader tableLoader(QLatin1StringView table, QString where, QVariantList binds,
                                     QString orderBy)
{
    return [table, where = std::move(where), binds = std::move(binds),
            orderBy = std::move(orderBy)](QSqlDatabase db, int offset, int limit) {
        return MergedReader(db).select(table, where, binds, orderBy, limit, offset);
    };
}

QList<ColumnSpec> observationColumns()
{
    // An id, not a quantity: no digit grouping ("2000", not "2.000").
    return {{QStringLiteral("obs_unit_id"), QObject::tr("Obs unit"), C::Text},
            {QStringLiteral("status"), QObject::tr("Status"), C::State},
            {QStringLiteral("start_time"), QObject::tr("Start"), C::Time},
            {QStringLiteral("end_time"), QObject::tr("End"), C::Time},
            {QStringLiteral("file_count"), QObject::tr("Files"), C::Number},
            {QStringLiteral("total_size_bytes"), QObject::tr("Data"), C::Bytes},
            {QStringLiteral("operator"), QObject::tr("Operator"), C::Text},
            {QStringLiteral("sync_state"), QObject::tr("Sync"), C::State},
            {QStringLiteral("id"), QObject::tr("Id"), C::Text}};
}

QList<ColumnSpec> fileColumns()
{
    return {{QStringLiteral("relative_path"), QObject::tr("Path"), C::Text},
            {QStringLiteral("instrument_module"), QObject::tr("Module"), C::Text},
            {QStringLiteral("size_bytes"), QObject::tr("Size"), C::Bytes},
            {QStringLiteral("file_type"), QObject::tr("Type"), C::Text},
            {QStringLiteral("raw_data_package_id"), QObject::tr("Package"), C::Text},
            {QStringLiteral("sync_state"), QObject::tr("Sync"), C::State},
            {QStringLiteral("checksum"), QObject::tr("Checksum"), C::Text}};
}

QList<ColumnSpec> packageColumns()
{
    return {{QStringLiteral("name"), QObject::tr("Name"), C::Text},
            {QStringLiteral("instrument_module"), QObject::tr("Module"), C::Text},
            {QStringLiteral("status"), QObject::tr("Status"), C::State},
            {QStringLiteral("transfer_state"), QObject::tr("Transfer"), C::State},
            {QStringLiteral("file_count"), QObject::tr("Files"), C::Number},
            {QStringLiteral("total_size_bytes"), QObject::tr("Size"), C::Bytes},
            {QStringLiteral("sync_state"), QObject::tr("Sync"), C::State},
            {QStringLiteral("id"), QObject::tr("Id"), C::Text}};
}

} // namespace

MainWindow::MainWindow(DeskSettings settings, QWidget *parent)
    : QMainWindow(parent), m_settings(std::move(settings))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Operations console — %1").arg(m_settings.site.site));
    m_desk = new DeskService(m_settings.bufferPath, m_settings.site, m_settings.operatorName, this);
    m_status = new StatusWatcher(m_settings.bufferPath, m_settings.site.site, m_settings.siteType,
                                 m_settings.sync, this);
    buildViews();
    buildActions();

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("centralStatus"));
    statusBar()->addPermanentWidget(m_statusLabel);
    connect(m_status, &StatusWatcher::changed, this, [this] {
        m_statusLabel->setText(m_status->summary());
        const auto &s = m_status->status();
        if (s.sync.central != m_lastCentral) {
            if (s.sync.central == SyncStatus::Central::Connected)
                m_events->append(QStringLiteral("synced"), tr("Connected to the central database"));
            else if (s.sync.central == SyncStatus::Central::Disconnected)
                m_events->append(QStringLiteral("failed"),
                                 tr("Central database unreachable: %1").arg(s.sync.lastError));
            m_lastCentral = s.sync.central;
        }
        if (s.counts.failed > m_lastFailed)
            m_events->append(
                QStringLiteral("failed"),
                tr("%n transaction(s) refused by the central database: see the Sync view", "",
                   static_cast<int>(s.counts.failed - m_lastFailed)));
        m_lastFailed = s.counts.failed;
        const QJsonObject health =
            healthReport(s.counts, s.sync, s.site, s.siteType, Clock::system().nowMicros(),
                         m_settings.bufferDamage);
        m_health->setPlainText(
            QString::fromUtf8(QJsonDocument(health).toJson(QJsonDocument::Indented)));
    });

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
    if (!layout.contains(QStringLiteral("window/geometry")))
        resize(1280, 780);
    showNight(m_settings.initialNight.isValid()
                  ? m_settings.initialNight
                  : timestamps::nightOf(Clock::system().nowMicros(), m_settings.zone));
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings layout;
    layout.setValue(QStringLiteral("window/geometry"), saveGeometry());
    layout.setValue(QStringLiteral("window/state"), saveState());
    layout.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

void MainWindow::buildViews()
{
    const QString path = m_settings.bufferPath;
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));

    // The night log: the chosen night's observations, and the selected one's files and packages.
    auto *night = new QWidget(this);
    m_night = new QDateEdit(night);
    m_night->setObjectName(QStringLiteral("nightEdit"));
    m_night->setCalendarPopup(true);
    m_night->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    auto *nightBar = new QHBoxLayout;
    nightBar->addWidget(new QLabel(tr("Night of"), night));
    nightBar->addWidget(m_night);
    nightBar->addWidget(
        new QLabel(tr("(noon to noon, %1)").arg(QString::fromUtf8(m_settings.zone.id())), night));
    nightBar->addStretch();
    m_nightLog = new RecordView(new RecordTableModel(path, observationColumns(), this),
                                QStringLiteral("nightLog"), night);
    m_nightFiles = new RecordView(new RecordTableModel(path, fileColumns(), this),
                                  QStringLiteral("nightFiles"), night);
    m_nightPackages = new RecordView(new RecordTableModel(path, packageColumns(), this),
                                     QStringLiteral("nightPackages"), night);
    auto *detail = new QTabWidget(night);
    detail->addTab(m_nightFiles, tr("Files"));
    detail->addTab(m_nightPackages, tr("Packages"));
    m_timeline = new NightTimelineWidget(night);
    m_summary = new QLabel(night);
    m_summary->setObjectName(QStringLiteral("nightSummary"));
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextFormat(Qt::PlainText);
    auto *picture = new QWidget(night);
    auto *pictureLayout = new QHBoxLayout(picture);
    pictureLayout->setContentsMargins(0, 0, 0, 0);
    pictureLayout->addWidget(m_timeline, 1);
    pictureLayout->addWidget(m_summary);
    connect(m_timeline, &NightTimelineWidget::observationClicked, this,
            [this](const QString &id) { m_nightLog->selectId(id); });
    connect(m_nightLog->model(), &RecordTableModel::loaded, this, &MainWindow::updateNightPicture);
    auto *split = new QSplitter(Qt::Vertical, night);
    split->addWidget(picture);
    split->addWidget(m_nightLog);
    split->addWidget(detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    auto *nightLayout = new QVBoxLayout(night);
    nightLayout->addLayout(nightBar);
    nightLayout->addWidget(split);
    connect(m_night, &QDateEdit::dateChanged, this, &MainWindow::showNight);
    connect(m_nightLog, &RecordView::currentChanged, this, [this](const QJsonObject &observation) {
        const QString id = observation.value(QLatin1StringView("id")).toString();
        m_nightFiles->model()->setLoader(tableLoader(schema::kFile,
                                                     QStringLiteral("executed_obs_unit_id = ?"),
                                                     {id}, QStringLiteral("relative_path")));
        m_nightPackages->model()->setLoader(tableLoader(schema::kPackage,
                                                        QStringLiteral("executed_obs_unit_id = ?"),
                                                        {id}, QStringLiteral("name")));
    });
    m_tabs->addTab(night, tr("&Night log"));

    m_files = new RecordView(new RecordTableModel(path, fileColumns(), this),
                             QStringLiteral("files"), this);
    m_files->model()->setLoader(
        tableLoader(schema::kFile, {}, {}, QStringLiteral("created_at DESC, id")));
    m_files->view()->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tabs->addTab(m_files, tr("&Files"));

    m_packages = new RecordView(new RecordTableModel(path, packageColumns(), this),
                                QStringLiteral("packages"), this);
    m_packages->model()->setLoader(
        tableLoader(schema::kPackage, {}, {}, QStringLiteral("created_at DESC, id")));
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
        for (int i = 0; i < std::min(12, m_packages->model()->rowCount()); ++i)
            newest << m_packages->model()->record(i);
        sizes->setPackages(newest);
    });
    m_tabs->addTab(packagePage, tr("&Packages"));

    m_staging = new RecordView(
        new RecordTableModel(path,
                             {{QStringLiteral("destination"), tr("Destination"), C::Text},
                              {QStringLiteral("status"), tr("Status"), C::State},
                              {QStringLiteral("requested_by"), tr("Requested by"), C::Text},
                              {QStringLiteral("reason"), tr("Reason"), C::Text},
                              {QStringLiteral("cancelled_by"), tr("Cancelled by"), C::Text},
                              {QStringLiteral("cancel_reason"), tr("Cancel reason"), C::Text},
                              {QStringLiteral("created_at"), tr("Requested"), C::Time},
                              {QStringLiteral("sync_state"), tr("Sync"), C::State},
                              {QStringLiteral("id"), tr("Id"), C::Text}},
                             this),
        QStringLiteral("staging"), this);
    m_staging->model()->setLoader(
        tableLoader(schema::kStagingJob, {}, {}, QStringLiteral("created_at DESC, id")));
    m_tabs->addTab(m_staging, tr("&Staging"));

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
    m_sync->model()->setLoader([](QSqlDatabase db, int offset, int limit) {
        return MergedReader(db).transactions(QString(), limit, offset);
    });
    auto *syncPage = new QSplitter(Qt::Vertical, this);
    syncPage->addWidget(m_sync);
    syncPage->addWidget(new BacklogChart(new BacklogHistory(path, this), syncPage));
    m_health = new QPlainTextEdit(syncPage);
    m_health->setObjectName(QStringLiteral("healthPanel"));
    m_health->setReadOnly(true);
    syncPage->addWidget(m_health);
    m_tabs->addTab(syncPage, tr("S&ync"));

    m_audit =
        new RecordView(new RecordTableModel(path,
                                            {{QStringLiteral("created_at"), tr("When"), C::Time},
                                             {QStringLiteral("actor"), tr("Who"), C::Text},
                                             {QStringLiteral("action"), tr("What"), C::Text},
                                             {QStringLiteral("target_id"), tr("Record"), C::Text},
                                             {QStringLiteral("reason"), tr("Reason"), C::Text},
                                             {QStringLiteral("sync_state"), tr("Sync"), C::State}},
                                            this),
                       QStringLiteral("audit"), this);
    m_audit->model()->setLoader(
        tableLoader(schema::kOperatorAction, {}, {}, QStringLiteral("created_at DESC, id")));
    m_tabs->addTab(m_audit, tr("&Audit"));

    m_events = new EventLogModel(1000, this);
    auto *events = new QTableView(this);
    events->setObjectName(QStringLiteral("eventsTable"));
    events->setModel(m_events);
    events->verticalHeader()->hide();
    events->horizontalHeader()->setStretchLastSection(true);
    events->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(m_events, &QAbstractItemModel::rowsInserted, events,
            [events] { events->scrollToBottom(); });
    m_tabs->addTab(events, tr("&Events"));
    for (RecordView *view : findChildren<RecordView *>())
        view->model()->setTimeZone(m_settings.zone);
    setCentralWidget(m_tabs);
}

void MainWindow::buildActions()
{
    const auto add = [this](QMenu *menu, QToolBar *bar, const QString &name, const QString &text,
                            const QKeySequence &keys, void (MainWindow::*slot)()) {
        QAction *action = menu->addAction(text, this, slot);
        action->setObjectName(name);
        action->setShortcut(keys);
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
    settings->setShortcut(QKeySequence::Preferences);
    view->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_settings.configFile, m_desk, this);
    dialog.exec();
}

void MainWindow::updateNightPicture()
{
    QJsonArray log;
    for (int i = 0; i < m_nightLog->model()->rowCount(); ++i)
        log.append(m_nightLog->model()->record(i));
    const timestamps::Window window = timestamps::nightWindow(m_night->date(), m_settings.zone);
    m_timeline->setNight(log, window, m_settings.zone);
    const NightSummary s = NightSummary::of(log, Clock::system().nowMicros());
    QStringList lines{tr("%n observation(s)", "", s.observations),
                      tr("observing time %1 h %2 min")
                          .arg(s.observingSeconds / 3600)
                          .arg(s.observingSeconds / 60 % 60, 2, 10, QLatin1Char('0'))};
    for (auto it = s.byStatus.begin(); it != s.byStatus.end(); ++it)
        lines << QStringLiteral("  %1 %2").arg(it.value()).arg(stateicons::label(it.key()));
    for (auto it = s.filesByModule.begin(); it != s.filesByModule.end(); ++it)
        lines << tr("%1: %2 files, %3")
                     .arg(it.key(), QLocale().toString(it.value()),
                          QLocale().formattedDataSize(s.bytesByModule.value(it.key())));
    lines << tr("central: %1 synced, %2 buffered, %3 refused")
                 .arg(s.synced)
                 .arg(s.pending)
                 .arg(s.failed);
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

void MainWindow::exportNight(const QString &format)
{
    const QDate night = m_night->date();
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export the night log"),
        QStringLiteral("night-%1.%2").arg(night.toString(Qt::ISODate), format),
        format == QLatin1StringView("pdf") ? tr("PDF (*.pdf)") : tr("CSV (*.csv)"));
    if (file.isEmpty())
        return;
    QJsonArray log;
    for (int i = 0; i < m_nightLog->model()->rowCount(); ++i)
        log.append(m_nightLog->model()->record(i));
    QString problem;
    if (format == QLatin1StringView("pdf")) {
        problem = writeNightPdf(file, night, log, m_settings.site.site, m_settings.zone,
                                Clock::system().nowMicros());
    } else {
        QSaveFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(nightLogCsv(log)) < 0 || !out.commit())
            problem = out.errorString();
    }
    report(tr("Export the night log"), problem.isEmpty(), problem);
}

void MainWindow::showNight(QDate night)
{
    if (m_night->date() != night) {
        m_night->setDate(night); // comes back here through dateChanged
        return;
    }
    const timestamps::Window window = timestamps::nightWindow(night, m_settings.zone);
    m_nightLog->model()->setLoader([window](QSqlDatabase db, int offset, int limit) {
        return MergedReader(db).nightLog(window, QString(), limit, offset);
    });
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

QJsonObject MainWindow::selectedObservation() const
{
    return m_nightLog->currentRecord();
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
    const QJsonObject observation = selectedObservation();
    if (observation.isEmpty()) {
        report(tr("Finish observation"), false,
               tr("Select an observation in the night log first."));
        return;
    }
    bool ok = false;
    const QString status = QInputDialog::getItem(
        this, tr("Finish observation"),
        tr("Finish observation of obs unit %1 as:")
            .arg(observation.value(QLatin1StringView("obs_unit_id")).toInteger()),
        {QStringLiteral("completed"), QStringLiteral("failed"), QStringLiteral("aborted")}, 0,
        false, &ok);
    if (!ok)
        return;
    const QString id = observation.value(QLatin1StringView("id")).toString();
    m_desk->run(
        [id, status](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(
                ops.finishObservation(id, {{QStringLiteral("status"), status}}, actor));
        },
        this, [this](const DeskOutcome &o) { report(tr("Finish observation"), o.ok, o.message); });
}

void MainWindow::registerFolder()
{
    const QJsonObject observation = selectedObservation();
    if (observation.isEmpty()) {
        report(tr("Register files"), false,
               tr("Select the observation the files belong to in the night log first."));
        return;
    }
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Folder with the observation's files"));
    if (folder.isEmpty())
        return;
    bool ok = false;
    const QString module =
        QInputDialog::getText(this, tr("Register files"), tr("Instrument module of these files:"),
                              QLineEdit::Normal, QStringLiteral("primecam-280"), &ok);
    if (!ok || module.trimmed().isEmpty())
        return;
    // Sizes and SHA-256 are computed on a worker thread, with progress and a way out.
    auto scan = std::make_shared<FolderScan>(FolderScan{
        folder, observation.value(QLatin1StringView("id")).toString(), module.trimmed()});
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    auto *progress =
        new QProgressDialog(tr("Reading and checksumming files…"), tr("Cancel"), 0, 1000, this);
    progress->setObjectName(QStringLiteral("scanProgress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    connect(progress, &QProgressDialog::canceled, this, [cancelled] { cancelled->store(true); });
    auto *watcher = new QFutureWatcher<std::pair<std::optional<QJsonArray>, QString>>(this);
    QPointer<QProgressDialog> dialog(progress);
    watcher->setFuture(QtConcurrent::run([scan, cancelled, dialog] {
        QString error;
        auto files = scan->run(
            *cancelled,
            [dialog](const FolderScan::Progress &p) {
                const int permille =
                    p.bytesTotal > 0 ? static_cast<int>(p.bytesDone * 1000 / p.bytesTotal) : 1000;
                QMetaObject::invokeMethod(dialog, [dialog, permille, p] {
                    if (dialog) {
                        dialog->setValue(permille);
                        dialog->setLabelText(QObject::tr("Reading and checksumming files… %1 of %2")
                                                 .arg(p.filesDone)
                                                 .arg(p.filesTotal));
                    }
                });
            },
            &error);
        return std::make_pair(files, error);
    }));
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, progress, cancelled] {
        const auto [files, error] = watcher->result();
        watcher->deleteLater();
        progress->deleteLater();
        if (cancelled->load())
            return report(tr("Register files"), false, tr("Cancelled; nothing was registered."));
        if (!files)
            return report(tr("Register files"), false, error);
        if (files->isEmpty())
            return report(tr("Register files"), false, tr("The folder holds no files."));
        m_desk->run(
            [files = *files](Operations &ops, Outbox &, const QString &actor) {
                return DeskService::outcome(ops.registerFiles(files, actor));
            },
            this,
            [this, count = files->size()](const DeskOutcome &o) {
                report(tr("Register %n file(s)", "", static_cast<int>(count)), o.ok, o.message);
            });
    });
}

void MainWindow::createPackage()
{
    QList<QJsonObject> files = m_files->selectedRecords();
    if (files.isEmpty() && m_tabs->currentIndex() == 0)
        files = m_nightFiles->selectedRecords();
    if (files.isEmpty())
        return report(
            tr("Create package"), false,
            tr("Select the files for the package first (Files view or the night log's files)."));
    qint64 total = 0;
    QJsonArray ids;
    for (const QJsonObject &f : std::as_const(files)) {
        total += f.value(QLatin1StringView("size_bytes")).toInteger();
        ids.append(f.value(QLatin1StringView("id")));
    }
    const QJsonObject first = files.first();
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Create package"),
        tr("%n file(s), %1 of at most %2.\nPackage name:", "", static_cast<int>(files.size()))
            .arg(QLocale().formattedDataSize(total),
                 QLocale().formattedDataSize(m_settings.site.maxPackageBytes)),
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
    const QJsonObject package = m_packages->currentRecord();
    if (package.isEmpty())
        return report(tr("Finalize package"), false,
                      tr("Select a package in the Packages view first."));
    const QString id = package.value(QLatin1StringView("id")).toString();
    m_desk->run(
        [id](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(ops.finalizePackage(id, actor));
        },
        this, [this](const DeskOutcome &o) { report(tr("Finalize package"), o.ok, o.message); });
}

void MainWindow::requestStaging()
{
    const QList<QJsonObject> packages = m_packages->selectedRecords();
    if (packages.isEmpty())
        return report(tr("Request staging"), false,
                      tr("Select one or more complete packages in the Packages view first."));
    bool ok = false;
    const QString destination = QInputDialog::getText(
        this, tr("Request staging"),
        tr("Stage %n package(s) to (processing location):", "", static_cast<int>(packages.size())),
        QLineEdit::Normal, QStringLiteral("ramses-processing"), &ok);
    if (!ok)
        return;
    QJsonArray ids;
    for (const QJsonObject &p : packages)
        ids.append(p.value(QLatin1StringView("id")));
    const QJsonObject body{{QStringLiteral("raw_data_package_ids"), ids},
                           {QStringLiteral("destination"), destination.trimmed()}};
    m_desk->run(
        [body](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(ops.requestStaging(body, actor));
        },
        this, [this](const DeskOutcome &o) { report(tr("Request staging"), o.ok, o.message); });
}

void MainWindow::cancelStaging()
{
    const QJsonObject job = m_staging->currentRecord();
    if (job.isEmpty())
        return report(tr("Cancel staging"), false,
                      tr("Select a staging job in the Staging view first."));
    const QString id = job.value(QLatin1StringView("id")).toString();
    const QString status = job.value(QLatin1StringView("status")).toString();
    if (!stagingjob::canCancel(status))
        return report(tr("Cancel staging"), false,
                      tr("This staging job is already %1; only a pending, scheduled or in-progress "
                         "job can be cancelled.")
                          .arg(status));
    bool ok = false;
    const QString reason = QInputDialog::getMultiLineText(
        this, tr("Cancel staging job"),
        tr("Cancel the staging of %n package(s) to %1?\nThe data-transfer system will stop working "
           "on it; this is recorded "
           "in the audit under your name (%2).\n\nReason (required):",
           "", 1)
            .arg(job.value(QLatin1StringView("destination")).toString(), m_desk->operatorName()),
        QString(), &ok);
    if (!ok)
        return;
    if (reason.trimmed().isEmpty())
        return report(tr("Cancel staging"), false,
                      tr("A reason is required to cancel a staging job."));
    m_desk->run(
        [id, reason](Operations &ops, Outbox &, const QString &actor) {
            return DeskService::outcome(ops.cancelStaging(id, reason, actor, true));
        },
        this, [this](const DeskOutcome &o) { report(tr("Cancel staging"), o.ok, o.message); });
}

void MainWindow::retryTransaction()
{
    const QJsonObject tx = m_sync->currentRecord();
    if (tx.value(QLatin1StringView("state")).toString() != QLatin1StringView("failed"))
        return report(tr("Retry transaction"), false,
                      tr("Select a failed (dead-lettered) transaction in the Sync view first."));
    const QString id = tx.value(QLatin1StringView("id")).toString();
    if (QMessageBox::question(this, tr("Retry transaction"),
                              tr("Send “%1” to the central database again?\n\nCentral refused it "
                                 "with:\n%2\n\nRetry only if that cause is gone.")
                                  .arg(tx.value(QLatin1StringView("summary")).toString(),
                                       tx.value(QLatin1StringView("last_error")).toString())) !=
        QMessageBox::Yes)
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
    const QJsonObject tx = m_sync->currentRecord();
    if (tx.value(QLatin1StringView("state")).toString() != QLatin1StringView("failed"))
        return report(tr("Discard transaction"), false,
                      tr("Select a failed (dead-lettered) transaction in the Sync view first."));
    bool ok = false;
    const QString reason =
        QInputDialog::getMultiLineText(this, tr("Discard transaction"),
                                       tr("Discard “%1”?\nIts changes leave this console for good "
                                          "and never reach the central database; transactions "
                                          "that build on them fail in turn. This is recorded in "
                                          "the audit under your name.\n\nReason (required):")
                                           .arg(tx.value(QLatin1StringView("summary")).toString()),
                                       QString(), &ok);
    if (!ok)
        return;
    const QString id = tx.value(QLatin1StringView("id")).toString();
    const QString site = m_settings.site.site;
    m_desk->run(
        [id, reason, site](Operations &, Outbox &outbox, const QString &actor) {
            return DeskService::outcome(outbox.discard(id, reason, actor, site));
        },
        this, [this](const DeskOutcome &o) { report(tr("Discard transaction"), o.ok, o.message); });
}

} // namespace ops
