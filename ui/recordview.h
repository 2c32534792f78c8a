#pragma once

#include <QJsonObject>
#include <QSet>
#include <QWidget>

class QButtonGroup;
class QDialog;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace ops {

class RecordTableModel;

/// A record table as the desk sees it: quick status filters with their counts ("All 1,204 ·
/// Running 2 · Buffered 40 · Refused 1"), a filter box and "N of M" over a sortable view. The
/// filter, the quick filters and a click on a column header run in the model's SQL over every
/// row, not over the rows already paged in. Column widths, order, visibility and the sorted
/// column are remembered per view; the header's context menu chooses the columns; Ctrl+C copies
/// the selected rows as tab-separated text.
class RecordView final : public QWidget
{
    Q_OBJECT
public:
    RecordView(RecordTableModel *model, const QString &objectName, QWidget *parent = nullptr);
    ~RecordView() override;

    RecordTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    /// Records of the selected rows, in view order.
    QList<QJsonObject> selectedRecords() const;
    QJsonObject currentRecord() const;
    void selectId(const QString &id);
    /// The selected rows as tab-separated text with a header line, as shown.
    QString selectionAsText() const;
    /// Where the newest rows appear; the view keeps them in sight unless the operator has
    /// scrolled away from that end.
    enum class Follow
    {
        None,
        Top,
        Bottom
    };
    void setFollow(Follow follow) { m_follow = follow; }
    /// The widest a column grows to fit its text by itself (pixels).
    static constexpr int kMaxFittedWidth = 420;
    /// The whole record (a double-click) as a person reads it: each field named as this view's
    /// column names it, else in words ("Created"), "—" for nothing, times in the site's zone
    /// (UTC in their tooltip), states and sizes in words. Named "recordDetail".
    QDialog *detailDialog(const QJsonObject &record, QWidget *parent) const;

Q_SIGNALS:
    void currentChanged(const QJsonObject &record);
    /// The selected rows (or the current one) changed, or their records did.
    void selectionChanged();
    void activated(const QJsonObject &record);
    /// The operator turned to this view (clicked into it, or it took the keyboard focus).
    void engaged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCounts();
    void buildQuickFilters();
    void saveLayout() const;
    /// Fits the columns the operator has not sized to the rows loaded.
    void fitColumns(bool shrink = false);

    RecordTableModel *m_model;
    QTableView *m_view;
    QLineEdit *m_filter;
    QLabel *m_count;
    QHBoxLayout *m_quickBar;
    QButtonGroup *m_quick;
    QTimer *m_filterDelay;
    Follow m_follow = Follow::None;
    bool m_atEnd = true; ///< scrolled to the followed end before the last change
    bool m_layoutRestored = false;
    bool m_autoSizing = false;
    QSet<int> m_userSized; ///< logical columns the operator sized by hand (remembered)
};

} // namespace ops
