#include "recordview.h"

#include "recordtablemodel.h"
#include "stateicons.h"
#include "timestamps.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ops {

RecordView::RecordView(RecordTableModel *model, const QString &objectName, QWidget *parent)
    : QWidget(parent), m_model(model)
{
    setObjectName(objectName);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(objectName + QStringLiteral("Filter"));
    m_filter->setPlaceholderText(tr("Filter (every row, not only those shown)"));
    m_filter->setClearButtonEnabled(true);
    // N8: never squeezed to "Fi…" by the quick filters beside it.
    m_filter->setMinimumWidth(m_filter->fontMetrics().averageCharWidth() * 20);
    m_count = new QLabel(this);
    m_count->setObjectName(objectName + QStringLiteral("Count"));
    m_quick = new QButtonGroup(this);
    m_quick->setExclusive(true);
    m_quickBar = new QHBoxLayout;
    m_quickBar->setContentsMargins(0, 0, 0, 0);
    m_quickBar->setSpacing(2);
    m_view = new QTableView(this);
    m_view->setObjectName(objectName + QStringLiteral("Table"));
    m_view->setModel(model);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this);
    m_filter->installEventFilter(this);
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addLayout(m_quickBar);
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view);

    // Typing filters in SQL over every row: wait for a pause in the typing.
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(200);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this,
            [this] { m_model->setSearch(m_filter->text().trimmed()); });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_filterDelay->stop();
        m_model->setSearch(m_filter->text().trimmed());
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                Q_EMIT currentChanged(m_model->record(current.row()));
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RecordView::selectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RecordView::selectionChanged);
    connect(model, &QAbstractItemModel::dataChanged, this, &RecordView::selectionChanged);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        Q_EMIT currentChanged({});
        Q_EMIT selectionChanged();
    });
    connect(m_view, &QAbstractItemView::doubleClicked, this,
            [this](const QModelIndex &index) { Q_EMIT activated(m_model->record(index.row())); });
    connect(model, &RecordTableModel::countsChanged, this, &RecordView::updateCounts);
    connect(model, &RecordTableModel::loaded, this, [this] {
        buildQuickFilters();
        updateCounts();
        fitColumns();
        if (m_view->property("wantEnd").toBool() && !m_model->isLoading()) {
            m_view->setProperty("wantEnd", false);
            const QModelIndex last = m_model->index(m_model->rowCount() - 1, 0);
            m_view->selectionModel()->setCurrentIndex(last, QItemSelectionModel::ClearAndSelect |
                                                                QItemSelectionModel::Rows);
            m_view->scrollToBottom();
        } else if (m_follow == Follow::Top && m_atEnd) {
            m_view->scrollToTop();
        } else if (m_follow == Follow::Bottom && m_atEnd) {
            m_view->scrollToBottom();
        }
    });
    // Whether the view sat at its followed end is judged before rows go in or out.
    const auto atEnd = [this] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        m_atEnd = m_follow == Follow::Top ? bar->value() <= bar->minimum() + 1
                                          : bar->value() >= bar->maximum() - 1;
    };
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, atEnd);
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_atEnd = true; });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, atEnd);
    // A column the operator sized keeps its width; the others keep fitting what they hold.
    connect(m_view->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        if (!m_autoSizing && m_layoutRestored && isVisible())
            m_userSized.insert(column);
    });

    // Columns: choose from the header's menu.
    connect(m_view->horizontalHeader(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint &at) {
                QMenu menu(this);
                QHeaderView *header = m_view->horizontalHeader();
                for (int c = 0; c < m_model->columnCount(); ++c) {
                    QAction *a = menu.addAction(
                        m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
                    a->setCheckable(true);
                    a->setChecked(!header->isSectionHidden(c));
                    connect(a, &QAction::toggled, header,
                            [header, c](bool on) { header->setSectionHidden(c, !on); });
                }
                menu.addSeparator();
                menu.addAction(tr("Fit columns to their contents"), this, [this] {
                    m_userSized.clear();
                    fitColumns(true);
                });
                menu.exec(header->mapToGlobal(at));
            });

    auto *copy = new QAction(tr("Copy rows"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectionAsText()); });
    m_view->addAction(copy);

    // The layout the operator left (widths, order, visibility, sorted column).
    const QByteArray state =
        QSettings().value(QStringLiteral("views/%1/header").arg(objectName)).toByteArray();
    if (!state.isEmpty() && m_view->horizontalHeader()->restoreState(state)) {
        for (const QVariant &c :
             QSettings().value(QStringLiteral("views/%1/sized").arg(objectName)).toList())
            m_userSized.insert(c.toInt());
        const QHeaderView *header = m_view->horizontalHeader();
        m_model->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
    }
    m_layoutRestored = true;
}

RecordView::~RecordView()
{
    saveLayout();
}

void RecordView::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("views/%1/header").arg(objectName()),
                      m_view->horizontalHeader()->saveState());
    QVariantList sized;
    for (int c : m_userSized)
        sized << c;
    settings.setValue(QStringLiteral("views/%1/sized").arg(objectName()), sized);
}

namespace {

/// Field names in words, for the fields a view has no column of.
QString fieldLabel(const QString &key)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("id"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Id")},
        {QStringLiteral("action"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Action")},
        {QStringLiteral("actor"), QT_TRANSLATE_NOOP("ops::RecordDetail", "By")},
        {QStringLiteral("attempts"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Attempts")},
        {QStringLiteral("cancel_reason"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Cancel reason")},
        {QStringLiteral("cancelled_by"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Cancelled by")},
        {QStringLiteral("checksum"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Checksum")},
        {QStringLiteral("checksum_algorithm"),
         QT_TRANSLATE_NOOP("ops::RecordDetail", "Checksum algorithm")},
        {QStringLiteral("created_at"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Created")},
        {QStringLiteral("destination"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Destination")},
        {QStringLiteral("end_time"), QT_TRANSLATE_NOOP("ops::RecordDetail", "End")},
        {QStringLiteral("error_message"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Error")},
        {QStringLiteral("executed_obs_unit_id"),
         QT_TRANSLATE_NOOP("ops::RecordDetail", "Observation")},
        {QStringLiteral("file_count"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Files")},
        {QStringLiteral("file_type"), QT_TRANSLATE_NOOP("ops::RecordDetail", "File type")},
        {QStringLiteral("finalized_at"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Finalized")},
        {QStringLiteral("instrument_module"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Module")},
        {QStringLiteral("instrument_modules"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Modules")},
        {QStringLiteral("last_error"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Central's answer")},
        {QStringLiteral("mean_elevation"),
         QT_TRANSLATE_NOOP("ops::RecordDetail", "Mean elevation")},
        {QStringLiteral("mean_pwv"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Mean PWV")},
        {QStringLiteral("name"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Name")},
        {QStringLiteral("next_attempt_at"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Next attempt")},
        {QStringLiteral("obs_info"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Observation info")},
        {QStringLiteral("obs_unit_id"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Obs unit")},
        {QStringLiteral("operator"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Operator")},
        {QStringLiteral("package_count"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Packages")},
        {QStringLiteral("package_name"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Package")},
        {QStringLiteral("raw_data_package_id"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Package")},
        {QStringLiteral("reason"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Reason")},
        {QStringLiteral("relative_path"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Path")},
        {QStringLiteral("requested_by"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Requested by")},
        {QStringLiteral("retry_count"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Retries")},
        {QStringLiteral("site"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Site")},
        {QStringLiteral("size_bytes"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Size")},
        {QStringLiteral("staging_job_id"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Staging job")},
        {QStringLiteral("start_time"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Start")},
        {QStringLiteral("state"), QT_TRANSLATE_NOOP("ops::RecordDetail", "State")},
        {QStringLiteral("status"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Status")},
        {QStringLiteral("summary"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Transaction")},
        {QStringLiteral("sync_state"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Sync")},
        {QStringLiteral("target_id"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Record id")},
        {QStringLiteral("target_table"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Record type")},
        {QStringLiteral("total_size_bytes"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Data")},
        {QStringLiteral("transfer_state"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Transfer")},
        {QStringLiteral("updated_at"), QT_TRANSLATE_NOOP("ops::RecordDetail", "Updated")},
    };
    if (const char *label = labels.value(key))
        return QCoreApplication::translate("ops::RecordDetail", label);
    QString words = key;
    words.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!words.isEmpty())
        words[0] = words[0].toUpper();
    return words;
}

bool isStateField(const QString &key)
{
    return key == QLatin1StringView("status") || key == QLatin1StringView("sync_state") ||
           key == QLatin1StringView("state") || key == QLatin1StringView("transfer_state");
}

} // namespace

QDialog *RecordView::detailDialog(const QJsonObject &record, QWidget *parent) const
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("recordDetail"));
    dialog->setWindowTitle(QCoreApplication::translate("ops::RecordDetail", "Record"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QLocale locale;
    const QTimeZone &zone = m_model->timeZone();
    // The view's own columns first, in its order and words; then the rest of the record.
    QStringList keys;
    QHash<QString, QString> titles;
    for (const ColumnSpec &c : m_model->columns())
        if (record.contains(c.key)) {
            keys << c.key;
            titles.insert(c.key, c.title);
        }
    for (auto it = record.begin(); it != record.end(); ++it)
        if (!keys.contains(it.key()))
            keys << it.key();
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue value = record.value(key);
        QString text, tip;
        if (value.isNull() || value.isUndefined() ||
            (value.isString() && value.toString().isEmpty())) {
            text = QStringLiteral("—");
        } else if (value.isString() &&
                   (key.endsWith(QLatin1StringView("_at")) ||
                    key.endsWith(QLatin1StringView("_time"))) &&
                   timestamps::parse(value.toString())) {
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(
                *timestamps::parse(value.toString()) / 1000, QTimeZone::utc());
            text = QStringLiteral("%1 (%2)").arg(
                locale.toString(at.toTimeZone(zone), QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                QString::fromUtf8(zone.id()));
            tip = at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        } else if (isStateField(key) && value.isString()) {
            text = stateicons::label(value.toString());
        } else if (key.endsWith(QLatin1StringView("size_bytes")) && value.isDouble()) {
            // The count in a variable: lupdate does not see a translate() whose count is a cast.
            const int bytes = static_cast<int>(std::min<qint64>(value.toInteger(), INT_MAX));
            text = QStringLiteral("%1 (%2)").arg(
                locale.formattedDataSize(value.toInteger()),
                QCoreApplication::translate("ops::RecordDetail", "%Ln byte(s)", nullptr, bytes));
        } else if (value.isDouble()) {
            text = key.endsWith(QLatin1StringView("_id")) ? QString::number(value.toInteger())
                                                          : locale.toString(value.toDouble());
        } else if (value.isBool()) {
            text = value.toBool() ? QCoreApplication::translate("ops::RecordDetail", "yes")
                                  : QCoreApplication::translate("ops::RecordDetail", "no");
        } else if (value.isString()) {
            text = value.toString();
        } else {
            text = QString::fromUtf8(
                value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        }
        auto *shown = new QLabel(text);
        shown->setObjectName(QStringLiteral("detail_") + key);
        shown->setTextFormat(Qt::PlainText);
        shown->setWordWrap(true);
        shown->setTextInteractionFlags(Qt::TextSelectableByMouse);
        shown->setToolTip(tip);
        form->addRow(titles.value(key, fieldLabel(key)) + QLatin1Char(':'), shown);
    }
    auto *body = new QWidget;
    body->setLayout(form);
    auto *scroll = new QScrollArea(dialog);
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(scroll);
    layout->addWidget(buttons);
    const QFontMetrics metrics(dialog->font());
    dialog->resize(std::max(560, metrics.averageCharWidth() * 80),
                   std::min(form->sizeHint().height() + buttons->sizeHint().height() + 40,
                            metrics.lineSpacing() * 36));
    return dialog;
}

void RecordView::fitColumns(bool shrink)
{
    if (m_model->rowCount() == 0)
        return;
    // Each column widens to what it now holds (up to a limit), never narrower than it was unless
    // asked, so that rows paging in do not make the columns jump; the last one stretches.
    QHeaderView *header = m_view->horizontalHeader();
    m_autoSizing = true;
    for (int c = 0; c < m_model->columnCount() - 1; ++c) {
        if (m_userSized.contains(c) || header->isSectionHidden(c))
            continue;
        const int before = header->sectionSize(c);
        m_view->resizeColumnToContents(c);
        const int fitted = std::min(kMaxFittedWidth, header->sectionSize(c));
        header->resizeSection(c, shrink ? fitted : std::max(before, fitted));
    }
    m_autoSizing = false;
}

bool RecordView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::FocusIn)
        Q_EMIT engaged();
    // A new text size (Settings): rows as high as the text, never clipping it.
    if (watched == m_view && event->type() == QEvent::FontChange) {
        m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
        // D19: the columns fit the new text at once, not at the next data change ("compl…"),
        // once every widget has it; a column the operator sized keeps its width.
        QTimer::singleShot(0, this, [this] {
            fitColumns(true);
            m_filter->setMinimumWidth(m_filter->fontMetrics().averageCharWidth() * 20);
        });
    }
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        // Ctrl+End: the last row of the whole list, not of the pages loaded so far.
        if (key->key() == Qt::Key_End && (key->modifiers() & Qt::ControlModifier) &&
            m_model->canFetchMore({})) {
            m_view->setProperty("wantEnd", true);
            m_model->fetchAll();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RecordView::buildQuickFilters()
{
    if (!m_model->hasQuery() || !m_quick->buttons().isEmpty())
        return;
    const auto &quick = m_model->query().quick;
    if (quick.size() < 2)
        return;
    for (const RecordQuery::QuickFilter &q : quick) {
        auto *button = new QToolButton(this);
        button->setObjectName(objectName() + QStringLiteral("Quick_") + q.id);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setText(q.label);
        button->setProperty("quickId", q.id);
        button->setProperty("label", q.label);
        button->setChecked(m_model->viewState().quick == q.id ||
                           (m_model->viewState().quick.isEmpty() && q.id == quick.first().id));
        m_quick->addButton(button);
        m_quickBar->addWidget(button);
        connect(button, &QToolButton::clicked, this, [this, id = q.id, first = quick.first().id] {
            m_model->setQuickFilter(id == first ? QString() : id);
        });
    }
}

void RecordView::updateCounts()
{
    const QueryCounts &c = m_model->counts();
    const QLocale locale;
    const auto buttons = m_quick->buttons();
    for (int i = 0; i < buttons.size(); ++i) {
        const QString label = buttons[i]->property("label").toString();
        buttons[i]->setText(i < c.perQuick.size()
                                ? QStringLiteral("%1 %2").arg(label, locale.toString(c.perQuick[i]))
                                : label);
    }
    if (!m_model->hasQuery()) {
        m_count->clear();
        return;
    }
    if (c.total < 0 || c.matching < 0) {
        m_count->setText(tr("counting…"));
        return;
    }
    m_count->setText(
        c.matching == c.total
            ? tr("%Ln row(s)", "", static_cast<int>(std::min<qint64>(c.total, INT_MAX)))
            : tr("%1 of %2").arg(locale.toString(c.matching), locale.toString(c.total)));
}

QList<QJsonObject> RecordView::selectedRecords() const
{
    QList<QJsonObject> records;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(rows))
        records << m_model->record(index.row());
    return records;
}

QJsonObject RecordView::currentRecord() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->record(current.row()) : QJsonObject();
}

QString RecordView::selectionAsText() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    const QHeaderView *header = m_view->horizontalHeader();
    QList<int> columns;
    for (int v = 0; v < header->count(); ++v)
        if (!header->isSectionHidden(header->logicalIndex(v)))
            columns << header->logicalIndex(v);
    QStringList lines;
    QStringList titles;
    for (int c : columns)
        titles << m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    lines << titles.join(QLatin1Char('\t'));
    for (const QModelIndex &row : std::as_const(rows)) {
        QStringList cells;
        for (int c : columns)
            cells << m_model->index(row.row(), c)
                         .data()
                         .toString()
                         .replace(QLatin1Char('\t'), QLatin1Char(' '));
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void RecordView::selectId(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

} // namespace ops
