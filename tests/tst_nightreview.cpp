// Night review: the timeline's geometry (bars where the times say), the CSV export parsed back
// equals the night log, and the PDF report has the expected pages and text.
#include "buffer.h"
#include "mergedreader.h"
#include "nightreport.h"
#include "nightsummary.h"
#include "nighttimeline.h"
#include "operations.h"
#include "stateicons.h"
#include "testsupport.h"
#include "timestamps.h"

#include <QFont>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {
const QTimeZone kZone(QByteArrayLiteral("America/Santiago"));
const QDate kNight(2026, 11, 27); // noon 15:00 UTC to noon 15:00 UTC

QJsonObject row(const char *id, const char *start, const char *end, const char *module,
                const char *sync = "synced")
{
    return {
        {QStringLiteral("id"), QString::fromLatin1(id)},
        {QStringLiteral("status"), end ? QStringLiteral("completed") : QStringLiteral("running")},
        {QStringLiteral("start_time"), *timestamps::canonical(QString::fromLatin1(start))},
        {QStringLiteral("end_time"),
         end ? QJsonValue(*timestamps::canonical(QString::fromLatin1(end)))
             : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("instrument_modules"), QJsonArray{QString::fromLatin1(module)}},
        {QStringLiteral("sync_state"), QString::fromLatin1(sync)}};
}

/// a on primecam-280 from `firstStart` to 23:00, b on chai-lfa from 00:00 to 06:00 (buffered),
/// c on chai-lfa running since 03:00 (its sync state `runningSync`).
QJsonArray threeObservations(const char *firstStart, const char *runningSync)
{
    return {
        row("a", firstStart, "2026-11-27T23:00:00-03:00", "primecam-280"),
        row("b", "2026-11-28T00:00:00-03:00", "2026-11-28T06:00:00-03:00", "chai-lfa", "buffered"),
        row("c", "2026-11-28T03:00:00-03:00", nullptr, "chai-lfa", runningSync)};
}

/// RFC 4180, enough for what nightLogCsv writes.
QList<QStringList> parseCsv(const QByteArray &csv)
{
    QList<QStringList> rows;
    QStringList fields;
    QString field;
    bool quoted = false;
    const QString text = QString::fromUtf8(csv);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field;
            field.clear();
        } else if (c == QLatin1Char('\r')) {
        } else if (c == QLatin1Char('\n')) {
            fields << field;
            rows << fields;
            fields.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return rows;
}
} // namespace

class TestNightReview : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void timelineBarsWhereTheTimesSay()
    {
        const auto window = timestamps::nightWindow(kNight, kZone);
        const QJsonArray log = threeObservations("2026-11-27T21:00:00-03:00", "synced");
        const qint64 now = *timestamps::parse(u"2026-11-28T09:00:00-03:00");
        const NightTimeline timeline(log, window, kZone, now);
        QCOMPARE(timeline.lanes(),
                 (QStringList{QStringLiteral("chai-lfa"), QStringLiteral("primecam-280")}));
        const QRectF area(0, 0, NightTimeline::kLabelWidth + 8 + 2400,
                          2 * 100 + 4 + NightTimeline::kAxisHeight + NightTimeline::kLegendHeight);
        // 2400 px for 24 h: 100 px per hour from noon.
        const double left = NightTimeline::kLabelWidth;
        QCOMPARE(timeline.barRect(0, area).left(), left + 9 * 100);   // 21:00 is 9 h after noon
        QCOMPARE(timeline.barRect(0, area).right(), left + 11 * 100); // to 23:00
        QCOMPARE(timeline.barRect(1, area).left(), left + 12 * 100);
        QCOMPARE(timeline.barRect(1, area).width(), 6 * 100.0);
        QCOMPARE(timeline.barRect(2, area).right(), left + 21 * 100); // running: up to now (09:00)
        QVERIFY(timeline.barRect(0, area).top() >
                timeline.barRect(1, area).bottom()); // its own lane, below chai-lfa
        // Same lane; b (00:00-06:00) and c (running since 03:00) overlap in time, so each has a
        // row of its own there instead of c hiding b (N6); without overlap, one row.
        QCOMPARE(timeline.rowsInLane(0), 2);
        QCOMPARE(timeline.rowsInLane(1), 1);
        QVERIFY(timeline.barRect(1, area).bottom() <= timeline.barRect(2, area).top());
        QVERIFY(timeline.barRect(2, area).bottom() < timeline.barRect(0, area).top());
        QVERIFY(timeline.barRect(1, area).height() >= 20);
        const NightTimeline apart(QJsonArray{log.at(0), log.at(1)}, window, kZone, now);
        QCOMPARE(apart.rowsInLane(0), 1);
        QCOMPARE(apart.barRect(1, area).height(), timeline.barRect(0, area).height());
        QCOMPARE(timeline.observationAt(
                     QPointF(left + 10 * 100, timeline.barRect(0, area).center().y()), area),
                 0);
        QCOMPARE(timeline.observationAt(
                     QPointF(left + 1 * 100, timeline.barRect(0, area).center().y()), area),
                 -1);
    }

    /// N5: in the night theme completed and running, failed and aborted were near in colour and
    /// the same in shape. Drawn with its fill colour taken out, a bar's shape still tells each
    /// status apart (the state's icon at its start, a running bar's arrow). D19: a lane's name is
    /// drawn whole at 12 pt ("primecam-28(").
    void timelineTellsStatusesApartByShape()
    {
        const stateicons::Theme before = stateicons::theme();
        stateicons::setTheme(stateicons::Theme::Night);
        const auto window = timestamps::nightWindow(kNight, kZone);
        const qint64 now = *timestamps::parse(u"2026-11-28T09:00:00-03:00");
        const auto shape = [&](const QString &status,
                               const char *end = "2026-11-28T08:00:00-03:00") {
            QJsonObject o =
                row("a", "2026-11-27T21:00:00-03:00",
                    status == QLatin1StringView("running") ? nullptr : end, "primecam-280");
            o.insert(QStringLiteral("status"), status);
            const NightTimeline timeline(QJsonArray{o}, window, kZone, now);
            const QRectF area(0, 0, 1400, 160);
            QImage image(area.size().toSize(), QImage::Format_ARGB32);
            QPainter painter(&image);
            timeline.paint(painter, area);
            painter.end();
            QRect bar = timeline.barRect(0, area).toAlignedRect();
            if (bar.width() > 8)
                bar.adjust(2, 2, -2, -2);
            const QRgb fill = stateicons::colour(status).lighter(125).rgb();
            const QRgb paper = stateicons::surface().paper.rgb();
            QList<int> mask; // 0 the bar's fill, 1 the paper, 2 anything else
            for (int y = bar.top(); y <= bar.bottom(); ++y)
                for (int x = bar.left(); x <= bar.right(); ++x)
                    mask << (image.pixel(x, y) == fill ? 0 : image.pixel(x, y) == paper ? 1 : 2);
            return mask;
        };
        QVERIFY(shape(QStringLiteral("completed")) != shape(QStringLiteral("running")));
        QVERIFY(shape(QStringLiteral("failed")) != shape(QStringLiteral("aborted")));
        // A five-minute scan, a few pixels wide: no room for an icon, still its own outline.
        const char *soon = "2026-11-27T21:05:00-03:00";
        QVERIFY(shape(QStringLiteral("failed"), soon) != shape(QStringLiteral("aborted"), soon));
        QVERIFY(shape(QStringLiteral("failed"), soon) != shape(QStringLiteral("completed"), soon));
        QVERIFY(shape(QStringLiteral("aborted"), soon) != shape(QStringLiteral("completed"), soon));

        QFont large;
        large.setPointSize(12);
        // D21: a narrow timeline at 12 pt drops no legend entry: they flow onto more rows.
        {
            NightTimeline narrow(threeObservations("2026-11-27T21:00:00-03:00", "failed"), window,
                                 kZone, now);
            narrow.setFont(large);
            const QRectF area(0, 0, 420, 300);
            int rows = 0;
            const QList<QPointF> places = narrow.legendFlow(area, &rows);
            QCOMPARE(places.size(), narrow.legendEntries().size());
            QVERIFY(rows > 1);
            for (const QPointF &place : places)
                QVERIFY(place.x() >= area.left() && place.x() < area.right() &&
                        place.y() > narrow.barRect(0, area).bottom());
        }
        NightTimeline timeline(threeObservations("2026-11-27T21:00:00-03:00", "synced"), window,
                               kZone, now);
        timeline.setFont(large);
        QVERIFY(timeline.labelWidth() - 8 >=
                QFontMetricsF(large).horizontalAdvance(QStringLiteral("primecam-280")));
        stateicons::setTheme(before);
    }

    /// D21: the timeline zooms to the observing hours; its hour labels fit at any width, never
    /// overlap and are never clipped; a legend names what is drawn; the selected bar is framed.
    void timelineZoomsLabelsLegendAndSelection()
    {
        const auto window = timestamps::nightWindow(kNight, kZone);
        const QJsonArray log = threeObservations("2026-11-27T21:10:00-03:00", "failed");
        const qint64 now = *timestamps::parse(u"2026-11-28T08:30:00-03:00");
        NightTimeline timeline(log, window, kZone, now);
        timeline.zoomToObservations();
        // 21:00 (the hour before the first start) to 09:00 (the hour after now, the running end).
        QCOMPARE(timeline.viewStartMicros(), *timestamps::parse(u"2026-11-27T21:00:00-03:00"));
        QCOMPARE(timeline.viewEndMicros(), *timestamps::parse(u"2026-11-28T09:00:00-03:00"));
        const double left = NightTimeline::kLabelWidth;
        const QRectF wide(0, 0, left + 8 + 1200,
                          2 * 100 + 4 + NightTimeline::kAxisHeight + NightTimeline::kLegendHeight);
        QCOMPARE(timeline.barRect(1, wide).left(), left + 3 * 100); // 00:00 is 3 h after 21:00
        QCOMPARE(timeline.barRect(1, wide).width(), 6 * 100.0);

        // Nothing observed: the whole night.
        NightTimeline empty(QJsonArray{}, window, kZone, now);
        empty.zoomToObservations();
        QCOMPARE(empty.viewStartMicros(), window.startMicros);
        QCOMPARE(empty.viewEndMicros(), window.endMicros);

        QFont font;
        font.setPixelSize(13);
        for (NightTimeline *t : {&timeline, &empty})
            for (int width : {390, 640, 800, 1280, 1600, 3840}) {
                const QRectF area(0, 0, width, 200);
                const auto labels = t->axisLabels(area, font);
                QVERIFY2(labels.size() >= 2, qPrintable(QString::number(width)));
                const QFontMetricsF metrics(font);
                for (qsizetype i = 0; i < labels.size(); ++i) {
                    const auto &label = labels[i];
                    QVERIFY2(area.contains(label.rect), qPrintable(label.text));
                    QVERIFY(label.rect.width() >= metrics.horizontalAdvance(label.text));
                    QCOMPARE(label.text.size(), 5); // "HH:mm", whole
                    if (i > 0)
                        QVERIFY2(labels[i - 1].rect.right() < label.rect.left(),
                                 qPrintable(QStringLiteral("%1: %2 overlaps %3")
                                                .arg(width)
                                                .arg(labels[i - 1].text, label.text)));
                }
            }
        const auto zoomed = timeline.axisLabels(QRectF(0, 0, 1600, 200), font);
        QCOMPARE(zoomed.first().text, QStringLiteral("21:00"));
        QCOMPARE(zoomed.last().text, QStringLiteral("09:00")); // the last hour, whole

        QCOMPARE(timeline.legendEntries(),
                 (QStringList{QStringLiteral("completed"), QStringLiteral("running"),
                              QStringLiteral("buffered"), QStringLiteral("refused")}));

        // The selected bar is framed in the selection colour; no frame without a selection.
        QImage image(1328, 240, QImage::Format_ARGB32);
        const QRectF area(0, 0, 1328, 240);
        const QPoint frame = (timeline.barRect(0, area).topLeft() + QPointF(10, -3)).toPoint();
        {
            QPainter painter(&image);
            timeline.paint(painter, area);
        }
        QVERIFY(image.pixel(frame) != NightTimeline::kSelectionColour);
        timeline.setSelectedId(QStringLiteral("a"));
        {
            QPainter painter(&image);
            timeline.paint(painter, area);
        }
        QCOMPARE(image.pixel(frame), NightTimeline::kSelectionColour);
    }

    void csvParsedBackEqualsTheNightLog()
    {
        QTemporaryDir dir;
        Buffer buffer;
        QVERIFY(buffer.open(dir.filePath(QStringLiteral("b.sqlite")), Buffer::Role::Owner).ok());
        Operations ops(buffer, SiteSettings{});
        for (int i = 0; i < 5; ++i) {
            const auto started = ops.startObservation(
                {{QStringLiteral("obs_unit_id"), 300 + i},
                 {QStringLiteral("start_time"),
                  QStringLiteral("2026-11-27T2%1:%2:00-03:00").arg(i % 4).arg(10 * i + 10)},
                 {QStringLiteral("obs_info"),
                  QJsonObject{{QStringLiteral("note"), QStringLiteral("a, \"quoted\" note")}}}},
                // In a CSV column (the operator), so that the comma and the quotes must be
                // escaped (the note in obs_info is not a CSV column).
                QStringLiteral("op, \"night\" shift"));
            QVERIFY2(started.ok(), started ? "" : qPrintable(started.error().message));
            const QString obs = started->id;
            QJsonArray files{
                testsupport::fileBody(obs, QStringLiteral("x%1.fits").arg(i), 1000 + i)};
            QVERIFY(ops.registerFiles(files, QStringLiteral("t")).ok());
            if (i % 2)
                QVERIFY(ops.finishObservation(obs, {{QStringLiteral("mean_pwv"), 0.25 * i}},
                                              QStringLiteral("t"))
                            .ok());
        }
        const QJsonArray log =
            MergedReader(buffer.database())
                .nightLog(timestamps::nightWindow(kNight, kZone), QString(), 1000, 0);
        QCOMPARE(log.size(), 5);
        const QList<QStringList> rows = parseCsv(nightLogCsv(log));
        QCOMPARE(rows.size(), 6);
        QCOMPARE(rows.first(), nightLogCsvColumns());
        for (int r = 0; r < 5; ++r) {
            const QJsonObject o = log.at(r).toObject();
            const QStringList &fields = rows[r + 1];
            for (int c = 0; c < nightLogCsvColumns().size(); ++c) {
                const QJsonValue v = o.value(nightLogCsvColumns()[c]);
                QString expected = v.isDouble()  ? QString::number(v.toDouble(), 'g', 15)
                                   : v.isArray() ? v.toArray().first().toString()
                                                 : v.toString();
                QCOMPARE(fields[c], expected);
            }
        }
    }

    void pdfHasItsPagesAndText()
    {
        QTemporaryDir dir;
        QJsonArray log;
        for (int i = 0; i < 120; ++i) {
            QJsonObject o = row("x", "2026-11-27T21:00:00-03:00", "2026-11-27T21:05:00-03:00",
                                i % 2 ? "chai-lfa" : "primecam-280");
            o.insert(QStringLiteral("id"), QStringLiteral("obs-%1").arg(i));
            o.insert(QStringLiteral("obs_unit_id"), 7000 + i);
            o.insert(QStringLiteral("file_count"), 10);
            o.insert(QStringLiteral("total_size_bytes"), 1000000);
            log.append(o);
        }
        const QString file = dir.filePath(QStringLiteral("night.pdf"));
        QCOMPARE(writeNightPdf(file, kNight, log, QStringLiteral("ccat"), kZone,
                               *timestamps::parse(u"2026-11-28T12:00:00Z")),
                 QString());
        QProcess info;
        info.start(QStringLiteral("pdfinfo"), {file});
        QVERIFY2(info.waitForFinished(20000) && info.exitCode() == 0,
                 "pdfinfo (poppler-utils) is needed");
        const QString meta = QString::fromUtf8(info.readAllStandardOutput());
        QVERIFY2(meta.contains(QRegularExpression(QStringLiteral("Pages:\\s+[4-9]"))),
                 qPrintable(meta)); // summary page + table pages
        QProcess text;
        text.start(QStringLiteral("pdftotext"), {file, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(20000));
        const QString content = QString::fromUtf8(text.readAllStandardOutput());
        QVERIFY(content.contains(QStringLiteral("Night log")));
        QVERIFY(content.contains(QStringLiteral("Observations: 120")));
        QVERIFY(content.contains(QStringLiteral("primecam-280")));
        QVERIFY(content.contains(QStringLiteral("7119"))); // the last row made it onto a page
    }

    void pdfPrintsInTheDayPaletteUnderTheNightTheme()
    {
        // A printed report is read on white paper: under the window's night theme the PDF's
        // timeline was a dark block with light red bars. It prints in the day palette, and the
        // window's theme is left as it was.
        QTemporaryDir dir;
        QJsonArray log;
        for (int i = 0; i < 40; ++i) {
            QJsonObject o = row("x", "2026-11-27T21:00:00-03:00", "2026-11-27T23:30:00-03:00",
                                i % 2 ? "chai-lfa" : "primecam-280");
            o.insert(QStringLiteral("id"), QStringLiteral("obs-%1").arg(i));
            o.insert(QStringLiteral("obs_unit_id"), 7000 + i);
            log.append(o);
        }
        stateicons::setTheme(stateicons::Theme::Night);
        const QString file = dir.filePath(QStringLiteral("night.pdf"));
        const QString problem = writeNightPdf(file, kNight, log, QStringLiteral("ccat"), kZone,
                                              *timestamps::parse(u"2026-11-28T12:00:00Z"));
        const stateicons::Theme after = stateicons::theme();
        stateicons::setTheme(stateicons::Theme::Day);
        QCOMPARE(problem, QString());
        QCOMPARE(after, stateicons::Theme::Night);
        QProcess render;
        render.start(QStringLiteral("pdftoppm"),
                     {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("40"),
                      QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                      QStringLiteral("1"), QStringLiteral("-singlefile"), file,
                      dir.filePath(QStringLiteral("page"))});
        QVERIFY2(render.waitForFinished(20000) && render.exitCode() == 0,
                 "pdftoppm (poppler-utils) is needed");
        const QImage page(dir.filePath(QStringLiteral("page.png")));
        QVERIFY(!page.isNull());
        qint64 dark = 0;
        for (int y = 0; y < page.height(); ++y)
            for (int x = 0; x < page.width(); ++x)
                dark += QColor(page.pixel(x, y)).lightness() < 60;
        const double share = double(dark) / (double(page.width()) * page.height());
        QVERIFY2(share < 0.05, qPrintable(QString::number(share)));
    }
};

QTEST_MAIN(TestNightReview)
#include "tst_nightreview.moc"
