#include "mainwindow.h"

#include "observationtablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>

namespace ops {

MainWindow::MainWindow(const QString &bufferPath, const QString &centralState, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Operations console"));
    setObjectName(QStringLiteral("mainWindow"));
    m_model = new ObservationTableModel(bufferPath, this);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(ObservationTableModel::RawValueRole);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("observationsView"));
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->sortByColumn(ObservationTableModel::Start, Qt::DescendingOrder);
    setCentralWidget(m_view);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("centralStatus"));
    m_status->setText(centralState == QLatin1StringView("not_configured")
                          ? tr("No central database configured: working on the local buffer only")
                          : tr("Central: %1").arg(centralState));
    statusBar()->addPermanentWidget(m_status);
    statusBar()->showMessage(tr("Buffer: %1").arg(bufferPath));
    connect(m_model, &ObservationTableModel::loaded, this,
            [this] { m_view->resizeColumnsToContents(); });
    m_model->reload();
    resize(1000, 600);
}

} // namespace ops
