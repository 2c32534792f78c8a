// The transaction builder: ordered steps, step ids, references, pre-generated ids, and a payload
// that survives the round trip through the outbox unchanged.
#include "jsonwriter.h"
#include "rowblock.h"
#include "transactionbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>

using namespace ops;

class TestTransactionBuilder : public QObject
{
    Q_OBJECT

    /// A transaction of one bulk create of raw data files with these columns and rows.
    template <typename Rows>
    static Result<Transaction> fileBulk(const QStringList &columns, const Rows &rows)
    {
        TransactionBuilder builder(QStringLiteral("register_files"), QStringLiteral("s"),
                                   QStringLiteral("op"),
                                   QStringLiteral("2026-11-27T00:00:00.000000+00:00"));
        builder.bulkCreate(QStringLiteral("raw_data_file"), columns, rows, QStringLiteral("b"));
        return builder.build();
    }

    /// The first step of a payload, as Qt's whole-document parse reads it.
    static QJsonObject firstStep(const QByteArray &payload)
    {
        return QJsonDocument::fromJson(payload)
            .object()
            .value(QLatin1StringView("steps"))
            .toArray()
            .first()
            .toObject();
    }

private Q_SLOTS:
    void createGeneratesIdsAndKeepsGivenOnes()
    {
        TransactionBuilder builder(QStringLiteral("k"), QStringLiteral("s"), QStringLiteral("op"),
                                   QStringLiteral("t"));
        const QString generated = builder.create(
            QStringLiteral("executed_obs_unit"),
            {{QStringLiteral("status"), QStringLiteral("running")}}, QStringLiteral("a"));
        const QString given = builder.create(
            QStringLiteral("executed_obs_unit"),
            {{QStringLiteral("id"), QStringLiteral("6f9619ff-8b86-4d01-b42d-00cf4fc964ff")}},
            QStringLiteral("b"));
        QVERIFY(!QUuid::fromString(generated).isNull());
        QCOMPARE(given, QStringLiteral("6f9619ff-8b86-4d01-b42d-00cf4fc964ff"));
        const auto tx = builder.build();
        QVERIFY(tx.ok());
        QCOMPARE(tx->steps.size(), 2);
        QCOMPARE(tx->steps[0].values.value(QLatin1StringView("id")).toString(), generated);
        QCOMPARE(tx->recordIds(), (QStringList{generated, given}));
    }

    void payloadRoundTrip()
    {
        TransactionBuilder builder(QStringLiteral("create_package"), QStringLiteral("Create p"),
                                   QStringLiteral("op"),
                                   QStringLiteral("2026-11-27T00:00:00.000000+00:00"));
        const QString package = builder.create(QStringLiteral("raw_data_package"),
                                               {{QStringLiteral("name"), QStringLiteral("p")}},
                                               QStringLiteral("create_package"));
        builder.bulkUpdate(QStringLiteral("raw_data_file"),
                           {QStringLiteral("f1"), QStringLiteral("f2")},
                           {{QStringLiteral("raw_data_package_id"),
                             TransactionBuilder::reference(QStringLiteral("create_package"))}},
                           QStringLiteral("assign"),
                           {{QStringLiteral("raw_data_package_id"), QJsonArray{QJsonValue::Null}}});
        builder.bulkCreate(QStringLiteral("raw_data_file"),
                           {QStringLiteral("id"), QStringLiteral("relative_path")},
                           {QVariantList{QStringLiteral("f3"), QStringLiteral("x.fits")}},
                           QStringLiteral("more"));
        const auto tx = builder.build();
        QVERIFY(tx.ok());
        const auto back = Transaction::fromPayload(tx->id, tx->payload());
        QVERIFY(back.ok());
        QCOMPARE(back->payload(), tx->payload());
        QCOMPARE(back->steps.size(), 3);
        QCOMPARE(back->steps[1].op, Step::Op::BulkUpdate);
        QCOMPARE(back->steps[1].expect.value(QLatin1StringView("raw_data_package_id")).toArray(),
                 QJsonArray{QJsonValue::Null});
        QCOMPARE(back->recordIds(), (QStringList{package, QStringLiteral("f1"),
                                                 QStringLiteral("f2"), QStringLiteral("f3")}));
        QHash<QString, QString> created{{QStringLiteral("create_package"), package}};
        QCOMPARE(resolveReference(
                     back->steps[1].values.value(QLatin1StringView("raw_data_package_id")), created)
                     .toString(),
                 package);
    }

    void refusesMalformedSpecifications_data()
    {
        QTest::addColumn<int>("defect");
        QTest::addColumn<QString>("rule"); // what the refusal must say
        QTest::newRow("no steps") << 0 << QStringLiteral("transaction k has no steps");
        QTest::newRow("duplicate step id")
            << 1 << QStringLiteral("step \"a\": step id missing or used twice");
        QTest::newRow("forward reference")
            << 2 << QStringLiteral("step \"a\": refers to \"later\", which is not an earlier step");
        QTest::newRow("unknown table")
            << 3 << QStringLiteral("step \"a\": unknown table \"sqlite_master\"");
        QTest::newRow("unknown column")
            << 4 << QStringLiteral("unknown column executed_obs_unit.status; DROP TABLE x");
        QTest::newRow("update without ids")
            << 5 << QStringLiteral("step \"a\": an update needs at least one id");
        QTest::newRow("bulk create without rows")
            << 6 << QStringLiteral("step \"a\": a bulk create needs at least one row");
    }
    void refusesMalformedSpecifications()
    {
        QFETCH(int, defect);
        QFETCH(QString, rule);
        TransactionBuilder b(QStringLiteral("k"), QStringLiteral("s"), QStringLiteral("op"),
                             QStringLiteral("t"));
        const QString obs = QStringLiteral("executed_obs_unit");
        switch (defect) {
        case 1:
            b.create(obs, {}, QStringLiteral("a"));
            b.create(obs, {}, QStringLiteral("a"));
            break;
        case 2:
            b.update(
                obs, QStringLiteral("x"),
                {{QStringLiteral("site"), TransactionBuilder::reference(QStringLiteral("later"))}},
                QStringLiteral("a"));
            b.create(obs, {}, QStringLiteral("later"));
            break;
        case 3:
            b.create(QStringLiteral("sqlite_master"), {}, QStringLiteral("a"));
            break;
        case 4:
            b.create(obs, {{QStringLiteral("status; DROP TABLE x"), 1}}, QStringLiteral("a"));
            break;
        case 5:
            b.bulkUpdate(obs, {}, {{QStringLiteral("status"), QStringLiteral("x")}},
                         QStringLiteral("a"));
            break;
        case 6:
            b.bulkCreate(QStringLiteral("raw_data_file"), {QStringLiteral("id")}, RowBlock(),
                         QStringLiteral("a"));
            break;
        }
        const auto built = b.build();
        QVERIFY(!built.ok());
        QCOMPARE(built.error().kind, ErrorKind::Invalid);
        QVERIFY2(built.error().message.contains(rule), qPrintable(built.error().message));
    }

    /// A large bulk's payload is written in two halves on two cores: it reads back as the rows
    /// it was made of, a column is a constant only when it is one in both halves, and the halves
    /// join in order.
    /// A bulk of one row (a start) is written with every column listed, none factored out as a
    /// constant, its values typed, and reads back as the same row.
    void oneRowBulkPayloadListsEveryColumn()
    {
        TransactionBuilder builder(QStringLiteral("start_observation"), QStringLiteral("s"),
                                   QStringLiteral("op"), QStringLiteral("t"));
        builder.bulkCreate(
            QStringLiteral("executed_obs_unit"),
            {QStringLiteral("id"), QStringLiteral("obs_unit_id"), QStringLiteral("mean_pwv"),
             QStringLiteral("site"), QStringLiteral("end_time")},
            {QVariantList{QStringLiteral("o1"), 7, 0.5, QStringLiteral("q\"é"), QVariant()}},
            QStringLiteral("create_observation"));
        const auto tx = builder.build();
        QVERIFY(tx.ok());
        const QByteArray payload = tx->payload();
        const QByteArray expected = "\"constants\":{},\"columns\":[\"id\",\"obs_unit_id\","
                                    "\"mean_pwv\",\"site\",\"end_time\"],\"rows\":[[\"o1\",7,"
                                    "0.5,\"q\\\"\u00e9\",null]]}";
        QVERIFY2(payload.contains(expected), payload.constData());
        const auto back = Transaction::fromPayload(tx->id, payload);
        QVERIFY(back.ok());
        QCOMPARE(back->payload(), payload);
        QCOMPARE(back->steps.first().rows.variantRow(0),
                 (QVariantList{QStringLiteral("o1"), qint64(7), 0.5, QStringLiteral("q\"é"),
                               QVariant()}));
    }

    void largeBulkPayloadReadsBackWhole()
    {
        const QStringList columns{QStringLiteral("id"), QStringLiteral("instrument_module"),
                                  QStringLiteral("relative_path"), QStringLiteral("checksum")};
        RowBlock rows;
        constexpr int kRows = 6000;
        for (int i = 0; i < kRows; ++i)
            QVERIFY(rows.append(QVariantList{
                QStringLiteral("f%1").arg(i), QStringLiteral("same everywhere"),
                i == 1 ? QStringLiteral("differs in the first half only") : QStringLiteral("p"),
                i == kRows - 1 ? QStringLiteral("differs in the second half only")
                               : QStringLiteral("c")}));
        const auto tx = fileBulk(columns, rows);
        QVERIFY2(tx.ok(), tx ? "" : qPrintable(tx.error().message));
        const QByteArray payload = tx->payload();
        const QJsonObject step = firstStep(payload);
        QCOMPARE(step.value(QLatin1StringView("constants")).toObject().keys(),
                 QStringList{QStringLiteral("instrument_module")});
        const QJsonArray written = step.value(QLatin1StringView("rows")).toArray();
        QCOMPARE(written.size(), kRows);
        for (const int r : {0, 1, kRows / 2 - 1, kRows / 2, kRows - 1})
            QCOMPARE(written.at(r).toArray().first().toString(), QStringLiteral("f%1").arg(r));
        const auto back = Transaction::fromPayload(tx->id, payload);
        QVERIFY2(back.ok(), back ? "" : qPrintable(back.error().message));
        const Step &read = back->steps.first();
        QCOMPARE(read.rows.size(), kRows);
        const QStringList order = read.columns;
        for (int r = 0; r < kRows; ++r) {
            const QVariantList original = rows.variantRow(r);
            const QVariantList again = read.rows.variantRow(r);
            for (qsizetype c = 0; c < columns.size(); ++c)
                QCOMPARE(again.at(order.indexOf(columns[c])), original.at(c));
        }
    }

    /// A bulk's rows are read from the payload's text directly, not through a QJsonDocument:
    /// every kind of value must come back exactly as Qt's parse and toVariant() give it.
    void bulkRowsReadBackAsQtWould()
    {
        const QStringList columns{QStringLiteral("id"), QStringLiteral("relative_path"),
                                  QStringLiteral("size_bytes"), QStringLiteral("checksum"),
                                  QStringLiteral("instrument_module")};
        const QList<QVariant> values{
            QStringLiteral("quote \" back \\ slash / tab\t nl\n cr\r \x01 \x1f"),
            QStringLiteral("caf\u00e9 \u65e5\u672c \U0001F600 [,]{:}"),
            QString(),
            QVariant(),
            QVariant(true),
            QVariant(false),
            QVariant(qint64(0)),
            QVariant(qint64(-1)),
            QVariant(std::numeric_limits<qint64>::max()),
            QVariant(std::numeric_limits<qint64>::min()),
            QVariant(1.5),
            QVariant(-2.25e-7),
            QVariant(1e300),
            QVariant(3.0),
            QVariant(-0.0),
            QVariant(9.5e15),
            QVariant(9007199254740993.0)};
        QList<QVariantList> rows;
        // Every value in every column, many times over: large enough (> 64 KiB) that the payload
        // is read by the rows reader and not by Qt's parser.
        for (qsizetype i = 0; i < values.size() * 100; ++i)
            rows.append({QStringLiteral("f%1").arg(i), values.at(i % values.size()),
                         values.at((i + 3) % values.size()), values.at((i + 7) % values.size()),
                         QStringLiteral("same")});
        const auto tx = fileBulk(columns, rows);
        QVERIFY2(tx.ok(), tx ? "" : qPrintable(tx.error().message));
        const QByteArray payload = tx->payload();
        QVERIFY(payload.contains("\"rows\":[["));
        QVERIFY(payload.size() > 64 * 1024);

        // What the whole-document parse gives, column by column.
        const QJsonObject step = firstStep(payload);
        QStringList expectedColumns;
        for (const QJsonValue &c : step.value(QLatin1StringView("columns")).toArray())
            expectedColumns << c.toString();
        const QJsonObject constants = step.value(QLatin1StringView("constants")).toObject();
        expectedColumns += constants.keys();
        const QJsonArray expectedRows = step.value(QLatin1StringView("rows")).toArray();

        const auto back = Transaction::fromPayload(tx->id, payload);
        QVERIFY2(back.ok(), back ? "" : qPrintable(back.error().message));
        const Step &read = back->steps.first();
        QCOMPARE(read.columns, expectedColumns);
        QCOMPARE(read.rows.size(), expectedRows.size());
        for (qsizetype r = 0; r < read.rows.size(); ++r) {
            QVariantList expected;
            for (const QJsonValue &v : expectedRows.at(r).toArray())
                expected << jsonwriter::toVariant(v);
            for (const QJsonValue &v : constants)
                expected << jsonwriter::toVariant(v);
            const QVariantList row = read.rows.variantRow(r);
            QCOMPARE(row.size(), expected.size());
            for (qsizetype c = 0; c < expected.size(); ++c) {
                QCOMPARE(row[c].typeId(), expected[c].typeId());
                QCOMPARE(row[c], expected[c]);
            }
        }
        QCOMPARE(back->payload(), payload);

        // Damaged rows are a damaged payload, whatever the damage. (Text the rows reader does not
        // take goes to Qt's parser whole, which decides as it did before the reader.)
        const qsizetype rowsAt = payload.indexOf("\"rows\":[[") + 8;
        for (const QByteArray &damaged :
             {payload.left(payload.size() - 5), QByteArray(payload).insert(rowsAt + 1, "x"),
              QByteArray(payload).replace(rowsAt, 2, "[{"),
              QByteArray(payload).replace("\"f2\"", "\"f2"),
              QByteArray(payload).replace("[\"f2\",", "[\"f2\",\"one too many\",")})
            QVERIFY2(!Transaction::fromPayload(tx->id, damaged).ok(), damaged.constData());
    }

    /// The row block gives back every value as the QVariant it was given, keeps a text repeated
    /// from the row before once, and refuses a row of another width without a trace.
    void rowBlockKeepsValuesAndRepeatsOnce()
    {
        const QVariantList first{QStringLiteral("f0"),
                                 qint64(-9007199254740993LL),
                                 2.5,
                                 true,
                                 QVariant(),
                                 QString(),
                                 QStringLiteral("caf\u00e9 \U0001F600"),
                                 QString(64, QLatin1Char('e'))};
        RowBlock block;
        QVERIFY(block.append(first));
        QCOMPARE(block.columnCount(), first.size());
        const qsizetype oneRow = block.byteSize();
        // 999 more rows, all but the first column as in the row before: those are referred to.
        for (int i = 1; i < 1000; ++i) {
            QVariantList row = first;
            row[0] = QStringLiteral("f%1").arg(i);
            QVERIFY(block.append(row));
        }
        QCOMPARE(block.size(), 1000);
        QVERIFY2(block.byteSize() < oneRow * 1000 / 2,
                 qPrintable(QString::number(block.byteSize())));
        for (const qsizetype r : {qsizetype(0), qsizetype(1), qsizetype(999)}) {
            const QVariantList row = block.variantRow(r);
            QCOMPARE(row.size(), first.size());
            QCOMPARE(row[0].toString(), QStringLiteral("f%1").arg(r));
            for (qsizetype c = 1; c < first.size(); ++c) {
                QCOMPARE(row[c], first[c]);
                QCOMPARE(row[c].isNull(), first[c].isNull());
            }
        }
        // An empty text stays an empty text (SQLite would bind a missing pointer as NULL).
        QVERIFY(!block.row(5)[5].isNull());
        QVERIFY(block.row(5)[5].text.isEmpty());

        const qsizetype before = block.byteSize();
        QVERIFY(!block.append(QVariantList{QStringLiteral("short")}));
        QVERIFY(!block.append(first + QVariantList{1}));
        block.beginRow(); // as a reader of text adds a row: value by value
        block.addText(QByteArrayView("a row of one value, too short"));
        QVERIFY(!block.endRow());
        QCOMPARE(block.size(), 1000);
        QCOMPARE(block.byteSize(), before);
        QVERIFY(block.append(first));
        QCOMPARE(block.variantRow(1000), first);
        RowBlock copy;
        for (qsizetype r = 0; r < block.size(); ++r)
            QVERIFY(copy.append(block.variantRow(r)));
        QCOMPARE(copy, block);
        QCOMPARE(copy.byteSize(), block.byteSize());

        // Joined (as the two halves of a bulk read on two cores): every row as it was, its
        // repeats still referred to, and rows added after it refer back into the joined part.
        RowBlock joined;
        QVERIFY(joined.append(QVariantList{QStringLiteral("head"), 1, 1.0, false, QVariant(),
                                           QString(), QStringLiteral("other"), QString()}));
        const qsizetype headBytes = joined.byteSize();
        QVERIFY(joined.append(block));
        QCOMPARE(joined.size(), block.size() + 1);
        QCOMPARE(joined.byteSize(), headBytes + block.byteSize());
        for (qsizetype r = 0; r < block.size(); ++r)
            QCOMPARE(joined.variantRow(r + 1), block.variantRow(r));
        const qsizetype joinedBytes = joined.byteSize();
        QVERIFY(joined.append(first));
        QCOMPARE(joined.variantRow(joined.size() - 1), first);
        QVERIFY2(joined.byteSize() - joinedBytes < oneRow / 2,
                 qPrintable(QString::number(joined.byteSize() - joinedBytes)));
        RowBlock narrow;
        QVERIFY(narrow.append(QVariantList{1}));
        const qsizetype full = joined.byteSize();
        QVERIFY(!joined.append(narrow)); // of another width: refused, nothing added
        QCOMPARE(joined.byteSize(), full);
    }

    /// The payload's objects (a step's values, merge and expect) are written without
    /// QJsonDocument: read back, they are the same object, for every kind of value.
    void objectsReadBackAsWritten()
    {
        const QJsonObject object{
            {QStringLiteral("text"), QStringLiteral("caf\u00e9 \"quoted\" \\ tab\t line\n")},
            {QStringLiteral("integer"), qint64(-9007199254740993LL)},
            {QStringLiteral("double"), 0.1},
            {QStringLiteral("whole double"), 3.0},
            {QStringLiteral("tiny"), -2.25e-7},
            {QStringLiteral("null"), QJsonValue::Null},
            {QStringLiteral("true"), true},
            {QStringLiteral("false"), false},
            {QStringLiteral("nested"),
             QJsonObject{{QStringLiteral("list"),
                          QJsonArray{1, QStringLiteral("two"), 3.5, QJsonArray{}, QJsonObject{}}}}},
            {QStringLiteral("key with \"quotes\""), QStringLiteral("")},
            {QStringLiteral("controls"), QStringLiteral("bell\a back\b feed\f one\x01 del\x7f")}};
        QByteArray written;
        jsonwriter::appendObject(written, object);
        QJsonParseError error;
        const QJsonDocument read = QJsonDocument::fromJson(written, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, written.constData());
        QCOMPARE(read.object(), object);
        QCOMPARE(read.object().value(QLatin1StringView("integer")).toInteger(),
                 qint64(-9007199254740993LL));
        QCOMPARE(written, QJsonDocument(object).toJson(QJsonDocument::Compact));
    }

    void damagedPayloadIsRefused()
    {
        // Each refusal says which rule the payload broke.
        const auto refusal = [](const QByteArray &payload) {
            const auto read = Transaction::fromPayload(QStringLiteral("x"), payload);
            return read.ok() ? QStringLiteral("(read)") : read.error().message;
        };
        QVERIFY2(refusal("{not json").startsWith(QStringLiteral("transaction x: damaged payload")),
                 qPrintable(refusal("{not json")));
        QCOMPARE(refusal(R"({"id":"y","steps":[]})"),
                 QStringLiteral("transaction x: payload belongs to y"));
        QCOMPARE(
            refusal(R"({"id":"x","steps":[{"step_id":"a","op":"drop","table":"raw_data_file"}]})"),
            QStringLiteral("step a: unknown op \"drop\" or table \"raw_data_file\""));
    }
};

QTEST_GUILESS_MAIN(TestTransactionBuilder)
#include "tst_transactionbuilder.moc"
