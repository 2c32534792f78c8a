#pragma once

#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <memory>

class QLabel;
class QMainWindow;
class QProgressBar;
class QWidget;

namespace ops {

class DeskService;

/// Registering the files of a folder to an observation from the desk: asks for the folder and
/// the instrument module, reads sizes and SHA-256 on a worker thread with its progress and a way
/// out in the status bar, then registers them all in one bulk through DeskService. One folder
/// at a time; the rest of the desk stays usable meanwhile.
class FolderRegistration final : public QObject
{
    Q_OBJECT
public:
    FolderRegistration(DeskService *desk, QMainWindow *window);

    /// Starts with `observation`, the record the files belong to.
    void start(const QJsonObject &observation);
    bool isReading() const { return m_reading; }
    /// Before quitting: true when nothing is being read, or the operator chose to stop the
    /// reading (nothing of it is registered); false to keep reading.
    bool mayQuit();

Q_SIGNALS:
    void readingChanged();
    /// The registration ended: `ok`, or refused with `message` (`what` names it for the operator).
    void finished(const QString &what, bool ok, const QString &message);
    /// The operator stopped the reading.
    void cancelled(const QString &what, const QString &message);

private:
    void setReading(bool reading);

    DeskService *m_desk;
    QMainWindow *m_window;
    bool m_reading = false;
    std::shared_ptr<std::atomic_bool> m_cancel;
    // The status bar's progress, made at the first reading.
    QWidget *m_scanBox = nullptr;
    QProgressBar *m_scanBar = nullptr;
    QLabel *m_scanLabel = nullptr;
};

} // namespace ops
