#include "folderregistration.h"

#include "deskservice.h"
#include "folderscan.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QToolButton>
#include <QtConcurrent>

#include <climits>

namespace ops {

namespace {
QString field(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toVariant().toString();
}
} // namespace

FolderRegistration::FolderRegistration(DeskService *desk, QMainWindow *window)
    : QObject(window), m_desk(desk), m_window(window)
{}

void FolderRegistration::setReading(bool reading)
{
    m_reading = reading;
    Q_EMIT readingChanged();
}

bool FolderRegistration::mayQuit()
{
    if (!m_reading)
        return true;
    QMessageBox box(QMessageBox::Question, tr("Quit"),
                    tr("A folder is still being read for registration. Cancel the reading "
                       "(nothing of it is registered) and quit?"),
                    QMessageBox::Yes | QMessageBox::No, m_window);
    box.setObjectName(QStringLiteral("quitWhileScanning"));
    box.button(QMessageBox::Yes)->setText(tr("Cancel reading and quit"));
    box.button(QMessageBox::No)->setText(tr("Keep reading"));
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() != QMessageBox::Yes)
        return false;
    m_cancel->store(true);
    return true;
}

void FolderRegistration::start(const QJsonObject &observation)
{

    if (m_reading)
        return Q_EMIT finished(tr("Register files"), false,
                               tr("A folder is already being read; wait for it or cancel it."));
    const QString folder =
        QFileDialog::getExistingDirectory(m_window, tr("Folder with the observation's files"));
    if (folder.isEmpty())
        return;
    bool ok = false;
    const QString obsUnit = field(observation, "obs_unit_id");
    const QString module = QInputDialog::getText(
        m_window, tr("Register files"),
        tr("Register the files in %1 to the observation of obs unit %2.\n\nInstrument module of "
           "these files:")
            .arg(QDir::toNativeSeparators(folder), obsUnit),
        QLineEdit::Normal, QStringLiteral("primecam-280"), &ok);
    if (!ok || module.trimmed().isEmpty())
        return;
    // Sizes and SHA-256 are computed on a worker thread; progress (files and bytes) and a way
    // out are in the status bar, and the rest of the desk stays usable meanwhile.
    auto scan = std::make_shared<FolderScan>(
        FolderScan{folder, field(observation, "id"), module.trimmed()});
    m_cancel = std::make_shared<std::atomic_bool>(false);
    setReading(true);
    if (!m_scanBox) {
        m_scanBox = new QWidget(m_window);
        m_scanBox->setObjectName(QStringLiteral("scanBox"));
        auto *row = new QHBoxLayout(m_scanBox);
        row->setContentsMargins(0, 0, 0, 0);
        m_scanLabel = new QLabel(m_scanBox);
        m_scanLabel->setObjectName(QStringLiteral("scanLabel"));
        m_scanBar = new QProgressBar(m_scanBox);
        m_scanBar->setObjectName(QStringLiteral("scanProgress"));
        m_scanBar->setRange(0, 1000);
        m_scanBar->setMaximumWidth(160);
        auto *cancel = new QToolButton(m_scanBox);
        cancel->setObjectName(QStringLiteral("scanCancel"));
        cancel->setText(tr("Cancel reading"));
        connect(cancel, &QToolButton::clicked, this, [this] {
            if (m_cancel)
                m_cancel->store(true);
        });
        row->addWidget(m_scanLabel);
        row->addWidget(m_scanBar);
        row->addWidget(cancel);
        m_window->statusBar()->addWidget(m_scanBox);
    }
    m_scanBar->setValue(0);
    m_scanLabel->setText(tr("Reading %1…").arg(QDir(folder).dirName()));
    m_scanBox->show();
    auto *watcher = new QFutureWatcher<std::pair<std::optional<QJsonArray>, QString>>(this);
    QPointer<FolderRegistration> self(this);
    auto cancelled = m_cancel;
    const QString name = QDir(folder).dirName();
    watcher->setFuture(QtConcurrent::run([scan, cancelled, self, name] {
        QString error;
        QElapsedTimer shown;
        shown.start();
        auto files = scan->run(
            *cancelled,
            [self, name, &shown](const FolderScan::Progress &p) {
                // At most ten updates a second: a folder of 30,000 small files is not 30,000
                // repaints.
                if (shown.elapsed() < 100 && p.filesDone != p.filesTotal)
                    return;
                shown.restart();
                QMetaObject::invokeMethod(self, [self, name, p] {
                    if (!self || !self->m_scanBar)
                        return;
                    // Counted in files as well as bytes: many small files move the bar too.
                    const double byFiles =
                        p.filesTotal > 0 ? double(p.filesDone) / double(p.filesTotal) : 1.0;
                    const double byBytes =
                        p.bytesTotal > 0 ? double(p.bytesDone) / double(p.bytesTotal) : byFiles;
                    self->m_scanBar->setValue(static_cast<int>(500 * (byFiles + byBytes)));
                    // The count in a variable: lupdate does not see a tr() whose count is a cast.
                    const int total = static_cast<int>(std::min<qint64>(p.filesTotal, INT_MAX));
                    self->m_scanLabel->setText(
                        tr("Reading %1: %2 of %Ln file(s), %3 of %4", nullptr, total)
                            .arg(name, QLocale().toString(p.filesDone),
                                 QLocale().formattedDataSize(p.bytesDone),
                                 QLocale().formattedDataSize(p.bytesTotal)));
                });
            },
            &error);
        return std::make_pair(files, error);
    }));
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, cancelled, obsUnit] {
        const auto [files, error] = watcher->result();
        watcher->deleteLater();
        setReading(false);
        m_scanBox->hide();
        if (cancelled->load())
            return Q_EMIT this->cancelled(tr("Register files"), tr("Nothing was registered."));
        if (!files)
            return Q_EMIT finished(tr("Register files"), false, error);
        if (files->isEmpty())
            return Q_EMIT finished(tr("Register files"), false, tr("The folder holds no files."));
        m_desk->run(
            [files = *files](Operations &ops, Outbox &, const QString &actor) {
                return DeskService::outcome(ops.registerFiles(files, actor));
            },
            this,
            [this, count = files->size(), obsUnit](const DeskOutcome &o) {
                Q_EMIT finished(
                    tr("Register %n file(s) to obs unit %1", "", static_cast<int>(count))
                        .arg(obsUnit),
                    o.ok, o.message);
            });
    });
}

} // namespace ops
