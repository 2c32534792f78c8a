#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ops {

class RecordTableModel;

/// A record table as the desk sees it: a filter box over a sortable view. Sorting and filtering
/// run on the model's raw-value role through a proxy; the view pages rows in as it scrolls.
class RecordView final : public QWidget
{
    Q_OBJECT
public:
    RecordView(RecordTableModel *model, const QString &objectName, QWidget *parent = nullptr);

    RecordTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    /// Records of the selected rows, in view order.
    QList<QJsonObject> selectedRecords() const;
    QJsonObject currentRecord() const;
    void selectId(const QString &id);

Q_SIGNALS:
    void currentChanged(const QJsonObject &record);

private:
    RecordTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_filter;
};

} // namespace ops
