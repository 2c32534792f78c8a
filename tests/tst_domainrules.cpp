// Domain rules of CONTRACT §2, table-driven: each row names the rule it pins down.
#include "jsonfields.h"
#include "observation.h"
#include "rawdatafile.h"
#include "rawdatapackage.h"
#include "stagingjob.h"
#include "timestamps.h"
#include "uuids.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QUuid>
#include <QtConcurrent>

using namespace ops;

namespace {
const QString kNow = QStringLiteral("2026-11-27T04:00:00.000000+00:00");
const QString kSha = QString(64, QLatin1Char('a'));
} // namespace

class TestDomainRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    /// Ids are version 7 UUIDs: the time they were made, then the kernel's randomness taken from
    /// a pool per thread. Two threads drawing at once never share one, nor does a thread past its
    /// pool's refill; each thread's ids sort in the order they were made, even 5,000 within a few
    /// milliseconds; and the time in them is now.
    void generatedIdsAreTimeOrderedVersion7AndUnique()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const auto draw = [] {
            QStringList ids;
            for (int i = 0; i < 5000; ++i) // 9 refills of a 512-id pool
                ids << uuids::generate();
            return ids;
        };
        QFuture<QStringList> other = QtConcurrent::run(draw);
        const QStringList mine = draw();
        const QStringList theirs = other.result();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        for (const QStringList *ids : {&mine, &theirs}) {
            QStringList sorted = *ids;
            sorted.sort();
            QVERIFY(sorted == *ids);
        }
        QSet<QString> distinct;
        QSet<QChar> randomDigits;
        for (const QString &id : mine + theirs) {
            const QUuid uuid = QUuid::fromString(id);
            QVERIFY2(!uuid.isNull() && id == uuid.toString(QUuid::WithoutBraces), qPrintable(id));
            QCOMPARE(id.at(14), QLatin1Char('7')); // the version (QUuid 6.4 knows up to 5)
            QCOMPARE(uuid.variant(), QUuid::DCE);
            const qint64 millis = QStringView(id).left(8).toLongLong(nullptr, 16) << 16 |
                                  QStringView(id).mid(9, 4).toLongLong(nullptr, 16);
            QVERIFY2(millis >= before && millis <= after + 1, qPrintable(id));
            distinct.insert(id);
            randomDigits.insert(id.at(35));
        }
        QCOMPARE(distinct.size(), mine.size() + theirs.size());
        QCOMPARE(randomDigits.size(), 16); // the tail is random, not a counter
    }

    /// The contract's table, written out here (not taken from the lists the code uses): a
    /// running observation finishes as completed, failed or aborted; every other move is refused.
    void observationTransitions_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowed");
        const QStringList all{QStringLiteral("running"), QStringLiteral("completed"),
                              QStringLiteral("failed"), QStringLiteral("aborted")};
        const QStringList allowed{QStringLiteral("running->completed"),
                                  QStringLiteral("running->failed"),
                                  QStringLiteral("running->aborted")};
        for (const QString &from : all)
            for (const QString &to : all) {
                const QString name = from + QStringLiteral("->") + to;
                QTest::newRow(qPrintable(name)) << from << to << allowed.contains(name);
            }
        QTest::newRow("running->unknown")
            << QStringLiteral("running") << QStringLiteral("paused") << false;
        QTest::newRow("unknown->completed")
            << QStringLiteral("paused") << QStringLiteral("completed") << false;
        QTest::newRow("case matters")
            << QStringLiteral("Running") << QStringLiteral("completed") << false;
    }
    void observationTransitions()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, allowed);
        QCOMPARE(observation::canTransition(from, to), allowed);
    }

    void startValidation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field"); // empty: accepted
        QTest::newRow("minimal") << QByteArray(R"({"obs_unit_id": 7})") << QString();
        QTest::newRow("everything")
            << QByteArray(
                   R"({"obs_unit_id": 7, "id": "6F9619FF-8B86-4D01-B42D-00CF4FC964FF", "start_time": "2026-11-27T01:00:00-03:00", "obs_info": {"a": 1}, "site": "ccat"})")
            << QString();
        QTest::newRow("missing obs_unit_id") << QByteArray("{}") << QStringLiteral("obs_unit_id");
        QTest::newRow("obs_unit_id zero")
            << QByteArray(R"({"obs_unit_id": 0})") << QStringLiteral("obs_unit_id");
        QTest::newRow("obs_unit_id fraction")
            << QByteArray(R"({"obs_unit_id": 1.5})") << QStringLiteral("obs_unit_id");
        QTest::newRow("obs_unit_id string")
            << QByteArray(R"({"obs_unit_id": "7"})") << QStringLiteral("obs_unit_id");
        QTest::newRow("bad id") << QByteArray(R"({"obs_unit_id": 7, "id": "nope"})")
                                << QStringLiteral("id");
        QTest::newRow("start without offset")
            << QByteArray(R"({"obs_unit_id": 7, "start_time": "2026-11-27T01:00:00"})")
            << QStringLiteral("start_time");
        QTest::newRow("start impossible date")
            << QByteArray(R"({"obs_unit_id": 7, "start_time": "2026-02-30T01:00:00Z"})")
            << QStringLiteral("start_time");
        QTest::newRow("obs_info list")
            << QByteArray(R"({"obs_unit_id": 7, "obs_info": [1]})") << QStringLiteral("obs_info");
        QTest::newRow("site empty")
            << QByteArray(R"({"obs_unit_id": 7, "site": " "})") << QStringLiteral("site");
    }
    void startValidation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const auto parsed = observation::parseStart(QJsonDocument::fromJson(body).object());
        QCOMPARE(parsed.ok(), field.isEmpty());
        if (!field.isEmpty()) {
            QVERIFY2(parsed.error().message.startsWith(field + QLatin1Char(':')),
                     qPrintable(parsed.error().message));
            QCOMPARE(parsed.error().kind, ErrorKind::Invalid);
        }
    }

    void finishRules_data()
    {
        QTest::addColumn<QString>("currentStatus");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("outcome"); // -1 accepted, else ErrorKind
        QTest::addColumn<QString>("field");
        QTest::newRow("default completes") << "running" << QByteArray("{}") << -1 << QString();
        QTest::newRow("aborted") << "running" << QByteArray(R"({"status": "aborted"})") << -1
                                 << QString();
        QTest::newRow("unknown status") << "running" << QByteArray(R"({"status": "done"})")
                                        << int(ErrorKind::Invalid) << "status";
        QTest::newRow("finished twice")
            << "completed" << QByteArray("{}") << int(ErrorKind::Conflict) << QString();
        QTest::newRow("end before start")
            << "running" << QByteArray(R"({"end_time": "2026-11-27T00:59:59Z"})")
            << int(ErrorKind::Invalid) << "end_time";
        QTest::newRow("end equals start")
            << "running" << QByteArray(R"({"end_time": "2026-11-27T01:00:00Z"})") << -1
            << QString();
        QTest::newRow("negative pwv") << "running" << QByteArray(R"({"mean_pwv": -0.1})")
                                      << int(ErrorKind::Invalid) << "mean_pwv";
        QTest::newRow("elevation 91") << "running" << QByteArray(R"({"mean_elevation": 91})")
                                      << int(ErrorKind::Invalid) << "mean_elevation";
        QTest::newRow("elevation 90")
            << "running" << QByteArray(R"({"mean_elevation": 90, "mean_pwv": 0})") << -1
            << QString();
    }
    void finishRules()
    {
        QFETCH(QString, currentStatus);
        QFETCH(QByteArray, body);
        QFETCH(int, outcome);
        QFETCH(QString, field);
        const QJsonObject current{
            {QStringLiteral("id"), QStringLiteral("x")},
            {QStringLiteral("status"), currentStatus},
            {QStringLiteral("start_time"), QStringLiteral("2026-11-27T01:00:00.000000+00:00")}};
        const auto change = observation::finish(current, QJsonDocument::fromJson(body).object(),
                                                *timestamps::parse(kNow));
        QCOMPARE(change.ok(), outcome == -1);
        if (outcome != -1) {
            QCOMPARE(int(change.error().kind), outcome);
            if (!field.isEmpty())
                QVERIFY2(change.error().message.startsWith(field),
                         qPrintable(change.error().message));
        }
    }

    void fileValidation_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("field");
        const auto file = [](std::initializer_list<std::pair<const char *, QJsonValue>> changes) {
            QJsonObject o{{QStringLiteral("executed_obs_unit_id"),
                           QStringLiteral("6f9619ff-8b86-4d01-b42d-00cf4fc964ff")},
                          {QStringLiteral("instrument_module"), QStringLiteral("chai-lfa")},
                          {QStringLiteral("relative_path"), QStringLiteral("scan/0001.fits")},
                          {QStringLiteral("size_bytes"), 1024},
                          {QStringLiteral("checksum"), kSha}};
            for (const auto &[k, v] : changes) {
                if (v.isUndefined())
                    o.remove(QLatin1StringView(k));
                else
                    o.insert(QLatin1StringView(k), v);
            }
            return o;
        };
        QTest::newRow("valid") << file({}) << QString();
        QTest::newRow("md5") << file({{"checksum_algorithm", QStringLiteral("md5")},
                                      {"checksum", QString(32, QLatin1Char('0'))}})
                             << QString();
        QTest::newRow("absolute path")
            << file({{"relative_path", QStringLiteral("/data/x.fits")}}) << "relative_path";
        QTest::newRow("dotdot") << file({{"relative_path", QStringLiteral("a/../../etc/passwd")}})
                                << "relative_path";
        QTest::newRow("windows drive")
            << file({{"relative_path", QStringLiteral("C:/x.fits")}}) << "relative_path";
        // One spelling per file: these would be other rows for "a/b.fits".
        QTest::newRow("empty component")
            << file({{"relative_path", QStringLiteral("a//b.fits")}}) << "relative_path";
        QTest::newRow("dot component")
            << file({{"relative_path", QStringLiteral("./a/b.fits")}}) << "relative_path";
        QTest::newRow("inner dot component")
            << file({{"relative_path", QStringLiteral("a/./b.fits")}}) << "relative_path";
        QTest::newRow("control character")
            << file({{"relative_path", QStringLiteral("a/b\n.fits")}}) << "relative_path";
        QTest::newRow("delete character")
            << file({{"relative_path", QStringLiteral("a/b\x7f.fits")}}) << "relative_path";
        QTest::newRow("negative size") << file({{"size_bytes", -1}}) << "size_bytes";
        QTest::newRow("size as text")
            << file({{"size_bytes", QStringLiteral("12")}}) << "size_bytes";
        QTest::newRow("uppercase checksum")
            << file({{"checksum", kSha.toUpper().replace(QLatin1Char('A'), QLatin1Char('F'))}})
            << "checksum";
        QTest::newRow("short sha256")
            << file({{"checksum", QString(63, QLatin1Char('a'))}}) << "checksum";
        QTest::newRow("sha256 length for md5")
            << file({{"checksum_algorithm", QStringLiteral("md5")}}) << "checksum";
        QTest::newRow("unknown algorithm")
            << file({{"checksum_algorithm", QStringLiteral("crc32")}}) << "checksum_algorithm";
        QTest::newRow("missing module")
            << file({{"instrument_module", QJsonValue::Undefined}}) << "instrument_module";
        QTest::newRow("observation not uuid")
            << file({{"executed_obs_unit_id", 12}}) << "executed_obs_unit_id";
    }
    void fileValidation()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, field);
        const auto row = rawdatafile::parse(body, QStringLiteral("[3]"), kNow);
        QCOMPARE(row.ok(), field.isEmpty());
        if (!field.isEmpty())
            QVERIFY2(
                row.error().message.startsWith(QStringLiteral("[3].") + field + QLatin1Char(':')),
                qPrintable(row.error().message));
    }

    /// The fast reading of a bulk's file from its text gives exactly the row parse() gives for
    /// the same object, and leaves to parse() every shape it does not cover.
    void fileTextReading_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("readFast");
        const QByteArray obs = "\"executed_obs_unit_id\":\"6f9619ff-8b86-4d01-b42d-00cf4fc964ff\"";
        const QByteArray rest = ",\"instrument_module\":\"chai-lfa\",\"relative_path\":\"scan/"
                                "0001.fits\",\"size_bytes\":1024,\"checksum\":\"" +
                                kSha.toLatin1() + "\"";
        const auto object = [&](const QByteArray &more) { return '{' + obs + rest + more + '}'; };
        QTest::newRow("plain") << object("") << true;
        QTest::newRow("spacing") << QByteArray(" {\n \"size_bytes\" : 7 ,\t\"checksum\":\"" +
                                               kSha.toLatin1() + "\"," + obs +
                                               ",\"instrument_module\":\"m\",\"relative_path\":"
                                               "\"a.h5\" }\r\n")
                                 << true;
        QTest::newRow("own id") << object(",\"id\":\"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b\"")
                                << true;
        // Not the canonical form: left to the careful reading, which stores it normalized.
        QTest::newRow("own id, upper case")
            << object(",\"id\":\"1B4E28BA-2FA1-4D3B-A3F5-EF19B5A7633B\"") << false;
        QTest::newRow("null id, null type, null algorithm")
            << object(",\"id\":null,\"file_type\":null,\"checksum_algorithm\":null") << true;
        QTest::newRow("md5") << QByteArray('{' + obs +
                                           ",\"instrument_module\":\"m\",\"relative_path\":\"x\","
                                           "\"size_bytes\":0,\"checksum\":\"" +
                                           QByteArray(32, '0') +
                                           "\",\"checksum_algorithm\":\"md5\"}")
                             << true;
        QTest::newRow("given type") << object(",\"file_type\":\"spectrum\"") << true;
        QTest::newRow("negative zero size")
            << object("").replace("\"size_bytes\":1024", "\"size_bytes\":-0") << true;
        // Each of these is either refused by parse() or outside the plain shape: parse() decides.
        QTest::newRow("escape in a value")
            << object("").replace("scan/0001", "scan\\/0001") << false;
        QTest::newRow("escape in a key")
            << object("").replace("\"checksum\"", "\"\\u0063hecksum\"") << false;
        QTest::newRow("non-ASCII path") << object("").replace("scan", "sc\xc3\xa4n") << false;
        QTest::newRow("unknown key") << object(",\"colour\":\"red\"") << false;
        QTest::newRow("repeated key") << object(",\"size_bytes\":5") << false;
        QTest::newRow("fraction") << object("").replace("1024", "1024.0") << false;
        QTest::newRow("exponent") << object("").replace("1024", "1e3") << false;
        QTest::newRow("19 digits") << object("").replace("1024", "1234567890123456789") << false;
        QTest::newRow("negative size") << object("").replace("1024", "-1") << false;
        QTest::newRow("size as text") << object("").replace("1024", "\"1024\"") << false;
        QTest::newRow("bool algorithm") << object(",\"checksum_algorithm\":true") << false;
        QTest::newRow("nested type") << object(",\"file_type\":{\"a\":1}") << false;
        QTest::newRow("bad observation") << object("").replace("6f96", "zz96") << false;
        QTest::newRow("empty module") << object("").replace("chai-lfa", "  ") << false;
        QTest::newRow("dotdot") << object("").replace("scan/", "../") << false;
        QTest::newRow("upper checksum")
            << object("").replace(kSha.toLatin1(), kSha.toUpper().toLatin1()) << false;
        QTest::newRow("missing checksum") << QByteArray('{' + obs + "}") << false;
        QTest::newRow("empty object") << QByteArray("{}") << false;
        QTest::newRow("trailing text") << object("") + "x" << false;
        QTest::newRow("a list") << QByteArray("[1]") << false;
    }
    void fileTextReading()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, readFast);
        RowBlock rows;
        const auto read = rawdatafile::parseText(text, kNow.toUtf8(), rows);
        QCOMPARE(read != rawdatafile::TextReading::NotRead, readFast);
        QCOMPARE(rows.size(), readFast ? 1 : 0); // nothing is left behind by a file not read
        const QJsonObject object = QJsonDocument::fromJson(text).object();
        if (!readFast) {
            // The careful reading decides; an id it accepts is stored in canonical form.
            const QJsonValue id = object.value(QLatin1StringView("id"));
            if (const auto careful = rawdatafile::parse(object, QString(), kNow);
                careful && id.isString())
                QCOMPARE(careful->first().toString(), id.toString().toLower());
            return;
        }
        const auto careful = rawdatafile::parse(object, QString(), kNow);
        if (!careful)
            QFAIL(qPrintable(careful.error().message));
        const bool givenId = object.contains(QLatin1StringView("id")) &&
                             !object.value(QLatin1StringView("id")).isNull();
        QCOMPARE(read == rawdatafile::TextReading::ReadWithGivenId, givenId);
        // A generated id differs from call to call; a given one is the same, normalized.
        const QVariantList fast = rows.variantRow(0);
        const qsizetype from = givenId ? 0 : 1;
        QCOMPARE(fast.mid(from), careful->mid(from));
        for (qsizetype c = 0; c < fast.size(); ++c)
            QCOMPARE(fast.at(c).typeId(), careful->at(c).typeId());
        QVERIFY(!uuids::normalized(fast.first().toString()).isEmpty());
    }

    /// The two readings of a file, compared on 5,000 seeded random files built from edge values
    /// of every field (ids in other forms, blank and over-long text, absolute and ".." paths,
    /// sizes that are not integers, checksums of the wrong length or case, keys in any order,
    /// unknown keys): whatever the fast reading takes, the careful one accepts with the same row;
    /// whatever the careful one refuses, the fast reading leaves alone.
    void fileReadingsAgreeOnRandomFiles()
    {
        QRandomGenerator random(20261128);
        const auto pick = [&](const QList<QByteArray> &values) {
            return values.at(random.bounded(int(values.size())));
        };
        // Mostly the first (plain) value, so that many files are read the fast way.
        const auto usually = [&](const QList<QByteArray> &values) {
            return random.bounded(6) ? values.first() : pick(values);
        };
        const QByteArray sha = kSha.toLatin1();
        const QList<QByteArray> ids{"absent",
                                    "null",
                                    "\"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b\"",
                                    "\"1B4E28BA-2FA1-4D3B-A3F5-EF19B5A7633B\"",
                                    "\"{1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b}\"",
                                    "\"1b4e28ba2fa14d3ba3f5ef19b5a7633b\"",
                                    "\"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633\"",
                                    "\"not an id\"",
                                    "7"};
        const QList<QByteArray> texts{"\"m\"",
                                      "\"\"",
                                      "\"  \"",
                                      "\"chai-lfa\"",
                                      "\"a\\u00e9\"",
                                      "\"x\\ty\"",
                                      "null",
                                      "1",
                                      "\"" + QByteArray(301, 'm') + "\""};
        const QList<QByteArray> paths{"\"scan/0001.fits\"",
                                      "\"/abs.fits\"",
                                      "\"a/../b.fits\"",
                                      "\"..\"",
                                      "\"a/\"",
                                      "\"C:x.fits\"",
                                      "\"x.FITS\"",
                                      "\"a\\\\b.h5\"",
                                      "\"a//b.fits\"",
                                      "\"./a.fits\"",
                                      "\"a/./b.fits\"",
                                      "\"a/.\"",
                                      "\"a\\u001fb.fits\"",
                                      "\"a\x7f"
                                      "b.fits\"",
                                      "\"run.2/stream\"",
                                      "\"b.\"",
                                      "\".hidden\"",
                                      "\"" + QByteArray(300, 'p') + "\"",
                                      "\"" + QByteArray(301, 'p') + "\"",
                                      "\"  \"",
                                      "\"\"",
                                      "3"};
        const QList<QByteArray> sizes{
            "0",   "1024", "-1",   "9007199254740993",   "\"5\"",
            "1.5", "1e3",  "null", "123456789012345678", "1234567890123456789"};
        const QList<QByteArray> checksums{"\"" + sha + "\"",
                                          "\"" + sha.toUpper() + "\"",
                                          "\"" + sha.left(63) + "\"",
                                          "\"" + sha.left(32) + "\"",
                                          "\"" + QByteArray(64, 'g') + "\"",
                                          "null"};
        const QList<QByteArray> algorithms{"absent",     "null",       "\"md5\"",
                                           "\"sha256\"", "\"SHA256\"", "1"};
        const QList<QByteArray> types{"absent",
                                      "null",
                                      "\"\"",
                                      "\" \"",
                                      "\"fits\"",
                                      "\"FITS\"",
                                      "\"" + QByteArray(301, 't') + "\"",
                                      "2"};
        int readFast = 0;
        for (int n = 0; n < 5000; ++n) {
            QList<QByteArray> members;
            const auto add = [&](const char *key, const QByteArray &value) {
                if (value != "absent")
                    members << '"' + QByteArray(key) + "\":" + value;
            };
            add("id", pick(ids));
            add("executed_obs_unit_id", random.bounded(6)
                                            ? QByteArray("\"6f9619ff-8b86-4d01-b42d-00cf4fc964ff\"")
                                            : pick(ids));
            add("instrument_module", usually(texts));
            add("relative_path", usually(paths));
            add("size_bytes", usually(sizes));
            const QByteArray algorithm = pick(algorithms);
            const qsizetype digits = algorithm == "\"md5\"" ? 32 : 64;
            add("checksum", random.bounded(6) ? "\"" + sha.left(digits) + "\"" : pick(checksums));
            add("checksum_algorithm", algorithm);
            add("file_type", usually(types));
            if (random.bounded(20) == 0)
                members << "\"unknown\":1";
            for (qsizetype i = members.size() - 1; i > 0; --i) // any order
                members.swapItemsAt(i, random.bounded(int(i + 1)));
            const QByteArray text = '{' + members.join(',') + '}';

            RowBlock rows;
            const auto read = rawdatafile::parseText(text, kNow.toUtf8(), rows);
            const auto careful =
                rawdatafile::parse(QJsonDocument::fromJson(text).object(), QString(), kNow);
            if (read == rawdatafile::TextReading::NotRead) {
                QCOMPARE(rows.size(), 0);
                continue;
            }
            ++readFast;
            QVERIFY2(careful.ok(), text.constData());
            const QVariantList fast = rows.variantRow(0);
            const qsizetype from = read == rawdatafile::TextReading::ReadWithGivenId ? 0 : 1;
            QVERIFY2(fast.mid(from) == careful->mid(from), text.constData());
        }
        QVERIFY2(readFast > 200, qPrintable(QString::number(readFast))); // the test reaches it
    }

    void fileTypeDefaults_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("type");
        QTest::newRow("fits") << "a/b.fits"
                              << "fits";
        QTest::newRow("FITS upper") << "b.FITS"
                                    << "fits";
        QTest::newRow("fit") << "b.fit"
                             << "fits";
        QTest::newRow("h5") << "x/y.h5"
                            << "hdf5";
        QTest::newRow("no extension") << "raw/stream"
                                      << "bin";
        QTest::newRow("dotfile") << ".hidden"
                                 << "bin";
        QTest::newRow("other") << "log.txt"
                               << "txt";
        QTest::newRow("dot in a folder") << "run.2/stream"
                                         << "bin";
        QTest::newRow("trailing dot") << "a/b."
                                      << "bin";
        QTest::newRow("two dots") << "a/b.tar.GZ"
                                  << "gz";
    }
    /// The same rule whichever way the file was read: through QJsonObject or from the text.
    void fileTypeDefaults()
    {
        QFETCH(QString, path);
        QFETCH(QString, type);
        QCOMPARE(rawdatafile::defaultFileType(path), type);
        RowBlock rows;
        const QByteArray text =
            "{\"executed_obs_unit_id\":\"6f9619ff-8b86-4d01-b42d-00cf4fc964ff\","
            "\"instrument_module\":\"m\",\"relative_path\":\"" +
            path.toLatin1() + "\",\"size_bytes\":1,\"checksum\":\"" + kSha.toLatin1() + "\"}";
        QVERIFY(rawdatafile::parseText(text, kNow.toUtf8(), rows) !=
                rawdatafile::TextReading::NotRead);
        QCOMPARE(rows.variantRow(0).at(7).toString(), type);
    }

    void packageMembers_data()
    {
        QTest::addColumn<QString>("observation");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QJsonValue>("package");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<int>("outcome");
        QTest::newRow("fits") << "obs-1"
                              << "m" << QJsonValue(QJsonValue::Null) << qint64(100) << -1;
        QTest::newRow("exactly at limit")
            << "obs-1"
            << "m" << QJsonValue(QJsonValue::Null) << qint64(60) << -1;
        QTest::newRow("over limit")
            << "obs-1"
            << "m" << QJsonValue(QJsonValue::Null) << qint64(59) << int(ErrorKind::Invalid);
        QTest::newRow("other observation")
            << "obs-2"
            << "m" << QJsonValue(QJsonValue::Null) << qint64(100) << int(ErrorKind::Invalid);
        QTest::newRow("other module")
            << "obs-1"
            << "n" << QJsonValue(QJsonValue::Null) << qint64(100) << int(ErrorKind::Invalid);
        QTest::newRow("already packaged")
            << "obs-1"
            << "m" << QJsonValue(QStringLiteral("p0")) << qint64(100) << int(ErrorKind::Conflict);
    }
    void packageMembers()
    {
        QFETCH(QString, observation);
        QFETCH(QString, module);
        QFETCH(QJsonValue, package);
        QFETCH(qint64, limit);
        QFETCH(int, outcome);
        rawdatapackage::CreateRequest request{QString(),
                                              QStringLiteral("p"),
                                              QStringLiteral("obs-1"),
                                              QStringLiteral("m"),
                                              {QStringLiteral("f1"), QStringLiteral("f2")}};
        QHash<QString, QJsonObject> files;
        files.insert(QStringLiteral("f1"),
                     {{QStringLiteral("executed_obs_unit_id"), QStringLiteral("obs-1")},
                      {QStringLiteral("instrument_module"), QStringLiteral("m")},
                      {QStringLiteral("raw_data_package_id"), QJsonValue::Null},
                      {QStringLiteral("size_bytes"), 10}});
        files.insert(QStringLiteral("f2"), {{QStringLiteral("executed_obs_unit_id"), observation},
                                            {QStringLiteral("instrument_module"), module},
                                            {QStringLiteral("raw_data_package_id"), package},
                                            {QStringLiteral("size_bytes"), 50}});
        const auto total = rawdatapackage::checkMembers(request, files, limit);
        QCOMPARE(total.ok(), outcome == -1);
        if (outcome == -1)
            QCOMPARE(total.value(), 60);
        else
            QCOMPARE(int(total.error().kind), outcome);
    }

    void stagingCancel_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("cancellable");
        QTest::newRow("pending") << "pending" << true;
        QTest::newRow("scheduled") << "scheduled" << true;
        QTest::newRow("in_progress") << "in_progress" << true;
        QTest::newRow("completed") << "completed" << false;
        QTest::newRow("failed") << "failed" << false;
        QTest::newRow("cancelled") << "cancelled" << false;
        QTest::newRow("unknown") << "paused" << false;
        QTest::newRow("case matters") << "Pending" << false;
    }
    void stagingCancel()
    {
        QFETCH(QString, status);
        QFETCH(bool, cancellable);
        QCOMPARE(stagingjob::canCancel(status), cancellable);
    }

    /// Each refusal of a stage request names its field and the rule; a good request comes back
    /// with its ids in canonical form.
    void stageValidation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("no packages")
            << QByteArray(R"({"destination": "x"})") << "raw_data_package_ids: is required";
        QTest::newRow("empty list")
            << QByteArray(R"({"destination": "x", "raw_data_package_ids": []})")
            << "raw_data_package_ids: must list at least one package";
        QTest::newRow("not a uuid")
            << QByteArray(R"({"destination": "x", "raw_data_package_ids": ["nope"]})")
            << "raw_data_package_ids[0]: must be a UUID, got \"nope\"";
        QTest::newRow("a number") << QByteArray(R"({"destination": "x", "raw_data_package_ids": )"
                                                R"(["6f9619ff-8b86-4d01-b42d-00cf4fc964ff", 7]})")
                                  << "raw_data_package_ids[1]: must be a UUID, got 7";
        QTest::newRow("listed twice")
            << QByteArray(R"({"destination": "x", "raw_data_package_ids": )"
                          R"(["6f9619ff-8b86-4d01-b42d-00cf4fc964ff", )"
                          R"("6F9619FF-8B86-4D01-B42D-00CF4FC964FF"]})")
            << "raw_data_package_ids[1]: package 6f9619ff-8b86-4d01-b42d-00cf4fc964ff is listed "
               "twice";
        QTest::newRow("no destination")
            << QByteArray(R"({"raw_data_package_ids": ["6f9619ff-8b86-4d01-b42d-00cf4fc964ff"]})")
            << "destination";
        QTest::newRow("good") << QByteArray(R"({"id": "1B4E28BA-2FA1-4D3B-A3F5-EF19B5A7633B", )"
                                            R"("destination": "cologne", "reason": "reduction", )"
                                            R"("raw_data_package_ids": )"
                                            R"(["6F9619FF-8B86-4D01-B42D-00CF4FC964FF"]})")
                              << QString();
    }
    void stageValidation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const auto request = stagingjob::parseStage(QJsonDocument::fromJson(body).object());
        QCOMPARE(request.ok(), message.isEmpty());
        if (!request) {
            QVERIFY2(request.error().message.startsWith(message),
                     qPrintable(request.error().message));
            QCOMPARE(request.error().kind, ErrorKind::Invalid);
            return;
        }
        QCOMPARE(request->id, QStringLiteral("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"));
        QCOMPARE(request->packageIds,
                 QStringList{QStringLiteral("6f9619ff-8b86-4d01-b42d-00cf4fc964ff")});
        QCOMPARE(request->destination, QStringLiteral("cologne"));
        QCOMPARE(request->reason, QStringLiteral("reduction"));
    }

    void timestampsRoundTrip_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("Z") << "2026-11-27T03:15:00Z"
                           << "2026-11-27T03:15:00.000000+00:00";
        QTest::newRow("offset") << "2026-11-27T00:15:00-03:00"
                                << "2026-11-27T03:15:00.000000+00:00";
        QTest::newRow("micros") << "2026-11-27T03:15:00.123456+00:00"
                                << "2026-11-27T03:15:00.123456+00:00";
        QTest::newRow("nanos truncated") << "2026-11-27T03:15:00.1234567Z"
                                         << "2026-11-27T03:15:00.123456+00:00";
        QTest::newRow("before epoch") << "1969-12-31T23:59:59.5Z"
                                      << "1969-12-31T23:59:59.500000+00:00";
        QTest::newRow("no offset") << "2026-11-27T03:15:00"
                                   << "";
        QTest::newRow("hour 24") << "2026-11-27T24:00:00Z"
                                 << "";
    }
    void timestampsRoundTrip()
    {
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        QCOMPARE(timestamps::canonical(input).value_or(QString()), canonical);
    }

    void nightWindowFollowsZone()
    {
        const QTimeZone santiago(QByteArrayLiteral("America/Santiago"));
        // 2026-11-27 is summer time in Chile (UTC-3): noon local is 15:00 UTC.
        const auto window = timestamps::nightWindow(QDate(2026, 11, 27), santiago);
        QCOMPARE(timestamps::format(window.startMicros),
                 QStringLiteral("2026-11-27T15:00:00.000000+00:00"));
        QCOMPARE(timestamps::format(window.endMicros),
                 QStringLiteral("2026-11-28T15:00:00.000000+00:00"));
        QCOMPARE(timestamps::nightOf(*timestamps::parse(u"2026-11-28T05:00:00Z"), santiago),
                 QDate(2026, 11, 27));
        QCOMPARE(timestamps::nightOf(*timestamps::parse(u"2026-11-28T15:00:00Z"), santiago),
                 QDate(2026, 11, 28));
    }
};

QTEST_GUILESS_MAIN(TestDomainRules)
#include "tst_domainrules.moc"
