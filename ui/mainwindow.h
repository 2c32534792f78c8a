#pragma once

#include <QMainWindow>

class QLabel;
class QTableView;

namespace ops {

class ObservationTableModel;

/// The console's main window: for now the buffered observations and a status line saying where
/// the buffer is and whether a central database is configured.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(const QString &bufferPath, const QString &centralState, QWidget *parent = nullptr);

private:
    ObservationTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace ops
