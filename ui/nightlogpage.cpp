#include "nightlogpage.h"

#include "clock.h"
#include "deskcolumns.h"
#include "deskqueries.h"
#include "nightsummary.h"
#include "nighttimelinewidget.h"
#include "recordtablemodel.h"
#include "recordview.h"
#include "summarytext.h"
#include "timestamps.h"

#include <QDateEdit>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ops {

NightLogPage::NightLogPage(const QString &bufferPath, const QTimeZone &zone, const Clock &clock,
                           QWidget *parent)
    : QWidget(parent), m_zone(zone), m_clock(clock)
{

    m_night = new QDateEdit(this);
    m_night->setObjectName(QStringLiteral("nightEdit"));
    m_night->setCalendarPopup(true);
    m_night->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    auto *nightBar = new QHBoxLayout;
    nightBar->addWidget(new QLabel(tr("Night of"), this));
    nightBar->addWidget(m_night);
    nightBar->addWidget(
        new QLabel(tr("(noon to noon, %1)").arg(QString::fromUtf8(m_zone.id())), this));
    m_tonight = new QToolButton(this);
    m_tonight->setObjectName(QStringLiteral("tonightButton"));
    m_tonight->setText(tr("&Tonight"));
    m_tonight->setToolTip(tr("Show the current night and follow it across noon"));
    connect(m_tonight, &QToolButton::clicked, this, &NightLogPage::showTonight);
    nightBar->addWidget(m_tonight);
    nightBar->addStretch();
    m_observations =
        new RecordView(new RecordTableModel(bufferPath, deskcolumns::observations(), this),
                       QStringLiteral("nightLog"), this);
    m_files = new RecordView(new RecordTableModel(bufferPath, deskcolumns::files(), this),
                             QStringLiteral("nightFiles"), this);
    m_packages = new RecordView(new RecordTableModel(bufferPath, deskcolumns::packages(), this),
                                QStringLiteral("nightPackages"), this);
    auto *detail = new QTabWidget(this);
    detail->addTab(m_files, tr("Files"));
    detail->addTab(m_packages, tr("Packages"));
    m_timeline = new NightTimelineWidget(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("nightSummary"));
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextFormat(Qt::PlainText);
    auto *picture = new QWidget(this);
    auto *pictureLayout = new QHBoxLayout(picture);
    pictureLayout->setContentsMargins(0, 0, 0, 0);
    pictureLayout->addWidget(m_timeline, 1);
    pictureLayout->addWidget(m_summary);
    connect(m_timeline, &NightTimelineWidget::observationClicked, this, [this](const QString &id) {
        m_observations->selectId(id);
        m_observations->view()->setFocus(Qt::MouseFocusReason);
    });
    connect(m_observations->model(), &RecordTableModel::loaded, this,
            &NightLogPage::updateNightPicture);
    connect(m_observations, &RecordView::currentChanged, m_timeline,
            [this](const QJsonObject &record) {
                m_timeline->setSelectedId(record.value(QLatin1StringView("id")).toString());
            });
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("nightSplit"));
    split->addWidget(picture);
    split->addWidget(m_observations);
    split->addWidget(detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    auto *nightLayout = new QVBoxLayout(this);
    nightLayout->addLayout(nightBar);
    nightLayout->addWidget(split);
    connect(m_night, &QDateEdit::dateChanged, this, &NightLogPage::showNight);
    connect(m_observations, &RecordView::currentChanged, this,
            [this](const QJsonObject &observation) {
                const QString id = observation.value(QLatin1StringView("id")).toString();
                // Another observation (or none): the panes below show its rows, never the last
                // one's.
                if (id.isEmpty())
                    return clearDetail();
                if (id == m_files->property("observation").toString())
                    return;
                m_files->setProperty("observation", id);
                m_files->model()->setQuery(deskqueries::files(id));
                m_packages->model()->setQuery(deskqueries::packages(id));
            });
    m_observations->setFollow(RecordView::Follow::Bottom);
    m_files->view()->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_packages->view()->setSelectionMode(QAbstractItemView::ExtendedSelection);

    // Tonight rolls over at local noon in the site's zone: looked at every second.
    auto *nightTimer = new QTimer(this);
    nightTimer->setObjectName(QStringLiteral("nightTimer"));
    connect(nightTimer, &QTimer::timeout, this, &NightLogPage::checkNight);
    nightTimer->start(1000);
}

QDate NightLogPage::shownNight() const
{
    return m_night->date();
}

void NightLogPage::showTonight()
{
    showNight(timestamps::nightOf(m_clock.nowMicros(), m_zone));
}

void NightLogPage::showNight(QDate night)
{
    if (m_night->date() != night) {
        m_night->setDate(night); // comes back here through dateChanged
        return;
    }
    const timestamps::Window window = timestamps::nightWindow(night, m_zone);
    m_followTonight = night == timestamps::nightOf(m_clock.nowMicros(), m_zone);
    m_tonight->setEnabled(!m_followTonight);
    clearDetail();
    m_observations->model()->setQuery(deskqueries::nightLog(window, m_followTonight));
}

void NightLogPage::checkNight()
{
    const QDate tonight = timestamps::nightOf(m_clock.nowMicros(), m_zone);
    if (m_followTonight && m_night->date() != tonight)
        showNight(tonight);
    else if (!m_followTonight && m_night->date() == tonight)
        showNight(tonight); // the operator came back to tonight: follow it again
}

void NightLogPage::clearDetail()
{
    m_files->setProperty("observation", QString());
    m_files->model()->clear();
    m_packages->model()->clear();
}

void NightLogPage::updateNightPicture()
{
    QJsonArray log;
    for (int i = 0; i < m_observations->model()->rowCount(); ++i)
        log.append(m_observations->model()->record(i));
    const timestamps::Window window = timestamps::nightWindow(m_night->date(), m_zone);
    m_timeline->setNight(log, window, m_zone);
    const NightSummary s = NightSummary::of(log, m_clock.nowMicros());
    QStringList lines{tr("%n observation(s)", "", s.observations),
                      tr("observing time %1 h %2 min")
                          .arg(s.observingSeconds / 3600)
                          .arg(s.observingSeconds / 60 % 60, 2, 10, QLatin1Char('0'))};
    for (auto it = s.byStatus.begin(); it != s.byStatus.end(); ++it)
        lines << QStringLiteral("  ") + summarytext::statusCount(it.key(), it.value());
    for (auto it = s.filesByModule.begin(); it != s.filesByModule.end(); ++it)
        lines << summarytext::moduleLine(it.key(), it.value(), s.bytesByModule.value(it.key()),
                                         s.observationsByModule.value(it.key()));
    lines << summarytext::centralCounts(s.synced, s.pending, s.failed);
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

} // namespace ops
