// German and Spanish are complete: every source string of every layer has a finished translation
// (lupdate is run on the sources now, so a string added without translating fails here), and a
// window built under the German translator shows German.
#include "health.h"
#include "healthpanel.h"
#include "mainwindow.h"
#include "summarytext.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QProcess>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace ops;

namespace {
struct Catalogue
{
    QSet<QString> sources;  ///< context + "\x1f" + source
    QStringList unfinished; ///< sources without a finished translation
};

Catalogue read(const QString &path)
{
    Catalogue c;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return c;
    QXmlStreamReader xml(&file);
    QString context, source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1StringView("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1StringView("source")) {
            source = xml.readElementText();
            c.sources.insert(context + QChar(0x1f) + source);
        } else if (xml.name() == QLatin1StringView("translation")) {
            const QString type = xml.attributes().value(QLatin1StringView("type")).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (!type.isEmpty() || text.trimmed().isEmpty())
                c.unfinished << source;
        }
    }
    return c;
}
} // namespace

namespace {
DeskSettings settingsIn(const QTemporaryDir &dir)
{
    DeskSettings settings;
    settings.bufferPath = dir.filePath(QStringLiteral("b.sqlite"));
    settings.sync = std::make_shared<SyncStatus>();
    settings.configFile = dir.filePath(QStringLiteral("c.ini"));
    return settings;
}
} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void complete_data()
    {
        // English's own catalogue holds only the strings that carry a count (lupdate
        // -pluralonly), each with its singular and plural form (D16).
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("pluralOnly");
        QTest::addColumn<int>("atLeast");
        QTest::newRow("German") << "de" << false << 150;
        QTest::newRow("Spanish") << "es" << false << 150;
        QTest::newRow("English plurals") << "en" << true << 20;
    }
    void complete()
    {
        QFETCH(QString, language);
        QFETCH(bool, pluralOnly);
        QFETCH(int, atLeast);
        const QString path =
            QStringLiteral(SOURCE_DIR "/translations/opsconsole_%1.ts").arg(language);
        const Catalogue committed = read(path);
        QVERIFY(committed.sources.size() > atLeast);
        QVERIFY2(committed.unfinished.isEmpty(),
                 qPrintable(committed.unfinished.join(QLatin1StringView(" | "))));
        // What the sources say today.
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
        QStringList arguments{QStringLiteral("-silent"),
                              QStringLiteral("-no-obsolete"),
                              QStringLiteral("-extensions"),
                              QStringLiteral("cpp"),
                              QStringLiteral(SOURCE_DIR "/core"),
                              QStringLiteral(SOURCE_DIR "/models"),
                              QStringLiteral(SOURCE_DIR "/ui"),
                              QStringLiteral(SOURCE_DIR "/app"),
                              QStringLiteral("-ts"),
                              fresh};
        if (pluralOnly)
            arguments.prepend(QStringLiteral("-pluralonly"));
        QProcess lupdate;
        lupdate.start(QStringLiteral(LUPDATE_PATH), arguments);
        QVERIFY(lupdate.waitForFinished(60000));
        QCOMPARE(lupdate.exitCode(), 0);
        const QSet<QString> now = read(fresh).sources;
        QVERIFY(now.size() > atLeast);
        QStringList missing;
        for (const QString &s : now)
            if (!committed.sources.contains(s))
                missing << QString(s).replace(QChar(0x1f), QLatin1StringView(": "));
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral(
                                "not in opsconsole_%1.ts (run the update_translations target): ")
                                .arg(language) +
                            missing.join(QLatin1StringView(" | "))));
        // No "(s)" is left in any plural form.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1StringView("numerusform")) {
                const QString form = xml.readElementText();
                QVERIFY2(!form.contains(QLatin1StringView("(s)")), qPrintable(form));
            }
        }
    }

    void pluralForms_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("en") << "en"
                            << QStringList{"1 file",
                                           "8 files",
                                           "Stage 1 package to cologne",
                                           "Stage 2 packages to cologne",
                                           "Create package p1 with 1 file",
                                           "8 aborted",
                                           "1 completed",
                                           "(no files): 8 observations",
                                           "1 transaction",
                                           "Central: 200 synced, 1 buffered, 1 refused"};
        QTest::newRow("es") << "es"
                            << QStringList{"1 archivo",
                                           "8 archivos",
                                           "Preparar 1 paquete en cologne",
                                           "Preparar 2 paquetes en cologne",
                                           "Crear el paquete p1 con 1 archivo",
                                           "8 abortadas",
                                           "1 completada",
                                           "(sin archivos): 8 observaciones",
                                           "1 transacción",
                                           "Central: 200 sincronizadas, 1 en búfer, 1 rechazada"};
    }
    void pluralForms()
    {
        // D15/D16: real plural forms in English and Spanish, and Spanish agreement (an
        // observation is feminine: "8 abortadas"); a stored "package(s)" of an older buffer
        // reads as well as the new "package"/"packages".
        QFETCH(QString, language);
        QFETCH(QStringList, expected);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(BINARY_DIR "/opsconsole_%1.qm").arg(language)));
        QCoreApplication::installTranslator(&translator);
        const QStringList shown{
            QCoreApplication::translate("ops::MainWindow", "%n file(s)", "", 1),
            QCoreApplication::translate("ops::MainWindow", "%n file(s)", "", 8),
            summarytext::translated(QStringLiteral("Stage 1 package(s) to cologne")),
            summarytext::translated(QStringLiteral("Stage 2 packages to cologne")),
            summarytext::translated(QStringLiteral("Create package p1 with 1 file")),
            summarytext::statusCount(QStringLiteral("aborted"), 8),
            summarytext::statusCount(QStringLiteral("completed"), 1),
            summarytext::moduleLine(QString(), 0, 0, 8),
            QCoreApplication::translate("ops::HealthPanel", "%n transaction(s)", nullptr, 1),
            summarytext::centralCounts(200, 1, 1)};
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(shown, expected);
    }

    void windowShowsGerman()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(BINARY_DIR "/opsconsole_de.qm")));
        QCoreApplication::installTranslator(&german);
        QTemporaryDir dir;
        MainWindow window(settingsIn(dir));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
        QCOMPARE(tabs->tabText(0), QStringLiteral("Nachtprotokoll"));
        QCOMPARE(tabs->tabText(1), QStringLiteral("Dateien"));
        QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionStart"))->text(),
                 QStringLiteral("Beobachtung &starten …"));
        QStringList menus;
        for (QAction *a : window.menuBar()->actions())
            menus << a->text();
        QVERIFY2(menus.contains(QStringLiteral("&Beobachtung")),
                 qPrintable(menus.join(QLatin1Char(','))));
        QCoreApplication::removeTranslator(&german);
    }

    void summariesAndHealthAreTranslated_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("translated");
        QTest::addColumn<QString>("central");
        QTest::newRow("de one file") << "de"
                                     << "Register 1 files for observation abcd1234"
                                     << "1 Datei für Beobachtung abcd1234 registrieren"
                                     << "nicht eingerichtet";
        QTest::newRow("de finish") << "de"
                                   << "Finish observation abcd1234 (obs unit 7) as aborted"
                                   << "Beobachtung abcd1234 (Obs-Unit 7) beenden als abgebrochen"
                                   << "nicht eingerichtet";
        QTest::newRow("es packages") << "es"
                                     << "Stage 2 package(s) to cologne"
                                     << "Preparar 2 paquetes en cologne"
                                     << "no configurada";
        QTest::newRow("es one package") << "es"
                                        << "Create package p1 with 1 files"
                                        << "Crear el paquete p1 con 1 archivo"
                                        << "no configurada";
        QTest::newRow("unknown shape") << "de"
                                       << "Something else"
                                       << "Something else"
                                       << "nicht eingerichtet";
    }
    void summariesAndHealthAreTranslated()
    {
        // D15: the Sync view's summaries (stored in English) and the health panel in the
        // operator's language, with plural forms.
        QFETCH(QString, language);
        QFETCH(QString, summary);
        QFETCH(QString, translated);
        QFETCH(QString, central);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(BINARY_DIR "/opsconsole_%1.qm").arg(language)));
        QCoreApplication::installTranslator(&translator);
        const QString shown = summarytext::translated(summary);
        HealthPanel panel(QTimeZone::utc());
        panel.setReport(
            healthReport({}, {}, QStringLiteral("ccat"), QStringLiteral("secondary"), 0, {}), 0);
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(shown, translated);
        QCOMPARE(panel.value(QStringLiteral("central")), central);
    }

    void mnemonicsAreUnique_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QString();
        QTest::newRow("de") << QStringLiteral("de");
        QTest::newRow("es") << QStringLiteral("es");
    }
    void mnemonicsAreUnique()
    {
        // D9: Alt+letter opens one menu; the tabs (Alt+1..7) carry no mnemonic to clash with.
        QFETCH(QString, language);
        QTranslator translator;
        if (!language.isEmpty()) {
            QVERIFY(translator.load(QStringLiteral(BINARY_DIR "/opsconsole_%1.qm").arg(language)));
            QCoreApplication::installTranslator(&translator);
        }
        QTemporaryDir dir;
        MainWindow window(settingsIn(dir));
        const auto mnemonic = [](const QString &text) {
            const qsizetype at = text.indexOf(QLatin1Char('&'));
            return at >= 0 && at + 1 < text.size() ? text.at(at + 1).toLower() : QChar();
        };
        QSet<QChar> seen;
        for (QAction *a : window.menuBar()->actions()) {
            const QChar key = mnemonic(a->text());
            QVERIFY2(!key.isNull(), qPrintable(a->text()));
            QVERIFY2(!seen.contains(key), qPrintable(a->text()));
            seen.insert(key);
        }
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
        for (int i = 0; i < tabs->count(); ++i)
            QVERIFY2(mnemonic(tabs->tabText(i)).isNull(), qPrintable(tabs->tabText(i)));
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
