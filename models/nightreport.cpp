#include "nightreport.h"

#include "nightsummary.h"
#include "nighttimeline.h"
#include "stateicons.h"
#include "summarytext.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QScopeGuard>

namespace ops {

namespace {
QString tr(const char *text)
{
    // lupdate files a free tr() in namespace ops under the context "ops".
    return QCoreApplication::translate("ops", text);
}

QString localTime(const QJsonValue &value, const QTimeZone &zone)
{
    if (!value.isString())
        return QString();
    const auto micros = timestamps::parse(value.toString());
    return micros ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*micros / 1000, zone),
                                       QStringLiteral("HH:mm:ss"))
                  : QString();
}
} // namespace

QString writeNightPdf(const QString &file, QDate night, const QJsonArray &nightLog,
                      const QString &site, const QTimeZone &zone, qint64 nowMicros)
{
    QPdfWriter pdf(file);
    pdf.setTitle(tr("Night log %1").arg(night.toString(Qt::ISODate)));
    pdf.setCreator(QStringLiteral("opsconsole"));
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                  QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
    pdf.setResolution(96);
    // Printed on white paper: the day palette for the timeline, its legend and the state
    // colours, whatever theme the window is in (the night theme's dark lanes and light red ink
    // would print as a black block with unreadable bars).
    const stateicons::Theme shown = stateicons::theme();
    stateicons::setTheme(stateicons::Theme::Day);
    const auto restoreTheme = qScopeGuard([shown] { stateicons::setTheme(shown); });
    QPainter painter;
    if (!painter.begin(&pdf))
        return tr("cannot write %1").arg(file);
    const QRectF page(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
    const NightSummary summary = NightSummary::of(nightLog, nowMicros);
    QFont title = painter.font();
    title.setPointSizeF(12);
    title.setBold(true);
    QFont body = painter.font();
    body.setPointSizeF(9);

    painter.setFont(title);
    painter.drawText(QRectF(page.left(), page.top(), page.width(), 30), Qt::AlignLeft,
                     tr("Night log — %1, night of %2 (noon to noon, %3)")
                         .arg(site, QLocale().toString(night, QLocale::LongFormat),
                              QString::fromUtf8(zone.id())));
    painter.setFont(body);
    QStringList lines;
    lines << tr("Observations: %1, observing time %2 h %3 min")
                 .arg(summary.observations)
                 .arg(summary.observingSeconds / 3600)
                 .arg(summary.observingSeconds / 60 % 60, 2, 10, QLatin1Char('0'));
    QStringList statuses;
    for (auto it = summary.byStatus.begin(); it != summary.byStatus.end(); ++it)
        statuses << summarytext::statusCount(it.key(), it.value());
    lines << tr("By status: %1").arg(statuses.join(QLatin1StringView(", ")));
    for (auto it = summary.filesByModule.begin(); it != summary.filesByModule.end(); ++it)
        lines << summarytext::moduleLine(it.key(), it.value(),
                                         summary.bytesByModule.value(it.key()),
                                         summary.observationsByModule.value(it.key()));
    lines << summarytext::centralCounts(summary.synced, summary.pending, summary.failed, true);
    double y = page.top() + 40;
    for (const QString &line : std::as_const(lines)) {
        painter.drawText(QRectF(page.left(), y, page.width(), 18), Qt::AlignLeft, line);
        y += 18;
    }
    const timestamps::Window window = timestamps::nightWindow(night, zone);
    NightTimeline timeline(nightLog, window, zone, nowMicros);
    timeline.setFont(body);
    const double height = std::min(page.bottom() - y - 10, 60.0 + 36.0 * timeline.lanes().size());
    timeline.paint(painter, QRectF(page.left(), y + 10, page.width(), height));

    // The table, as many pages as it needs.
    const QStringList headers{tr("Obs unit"), tr("Status"),   tr("Start"), tr("End"), tr("Modules"),
                              tr("Files"),    tr("Packages"), tr("Data"),  tr("Sync")};
    const QList<double> widths{0.08, 0.11, 0.1, 0.1, 0.22, 0.08, 0.08, 0.12, 0.11};
    const double rowHeight = 16;
    const auto header = [&](double top) {
        QFont bold = body;
        bold.setBold(true);
        painter.setFont(bold);
        double x = page.left();
        for (int c = 0; c < headers.size(); ++c) {
            painter.drawText(QRectF(x, top, widths[c] * page.width(), rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, headers[c]);
            x += widths[c] * page.width();
        }
        painter.setFont(body);
        return top + rowHeight + 2;
    };
    pdf.newPage();
    y = header(page.top());
    for (const QJsonValue &v : nightLog) {
        if (y + rowHeight > page.bottom()) {
            pdf.newPage();
            y = header(page.top());
        }
        const QJsonObject o = v.toObject();
        QStringList modules;
        for (const QJsonValue &m : o.value(QLatin1StringView("instrument_modules")).toArray())
            modules << m.toString();
        const QStringList cells{
            QString::number(o.value(QLatin1StringView("obs_unit_id")).toInteger()),
            stateicons::label(o.value(QLatin1StringView("status")).toString()),
            localTime(o.value(QLatin1StringView("start_time")), zone),
            localTime(o.value(QLatin1StringView("end_time")), zone),
            modules.join(QLatin1StringView(", ")),
            QLocale().toString(o.value(QLatin1StringView("file_count")).toInteger()),
            QLocale().toString(o.value(QLatin1StringView("package_count")).toInteger()),
            QLocale().formattedDataSize(o.value(QLatin1StringView("total_size_bytes")).toInteger()),
            stateicons::label(o.value(QLatin1StringView("sync_state")).toString())};
        double x = page.left();
        for (int c = 0; c < cells.size(); ++c) {
            painter.drawText(QRectF(x, y, widths[c] * page.width(), rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, cells[c]);
            x += widths[c] * page.width();
        }
        y += rowHeight;
    }
    painter.end();
    return QString();
}

} // namespace ops
