// The log line formats of --log-format, and that no credential survives into a log line.
#include "logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TstLogging final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonIsOneObjectALine()
    {
        const QByteArray line = ops::formatLogLine(ops::LogFormat::Json, QtWarningMsg, "ops.sync",
                                                   QStringLiteral("central refused\nsecond line"));
        QVERIFY(!line.contains('\n'));
        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(object.value(QLatin1StringView("level")).toString(), QStringLiteral("warning"));
        QCOMPARE(object.value(QLatin1StringView("category")).toString(),
                 QStringLiteral("ops.sync"));
        QCOMPARE(object.value(QLatin1StringView("message")).toString(),
                 QStringLiteral("central refused\nsecond line"));
        const QDateTime time = QDateTime::fromString(
            object.value(QLatin1StringView("time")).toString(), Qt::ISODateWithMs);
        QVERIFY(time.isValid());
        QCOMPARE(time.timeSpec(), Qt::UTC);
        QCOMPARE(object.size(), 4);
    }

    void textIsJournalFriendly()
    {
        QCOMPARE(ops::formatLogLine(ops::LogFormat::Text, QtInfoMsg, "ops.http",
                                    QStringLiteral("serving")),
                 QByteArray("ops.http: serving"));
        QCOMPARE(ops::formatLogLine(ops::LogFormat::Text, QtWarningMsg, "ops.http",
                                    QStringLiteral("a\nb"), true),
                 QByteArray("<4>ops.http warning: a b"));
        QCOMPARE(ops::formatLogLine(ops::LogFormat::Text, QtCriticalMsg, nullptr,
                                    QStringLiteral("x"), true),
                 QByteArray("<3>default critical: x"));
    }

    void credentialsAreRedacted_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("secret");
        QTest::newRow("header line")
            << QStringLiteral(
                   "header line \"Authorization: Bearer s3cr3t-token\\x0d\" contains a bare CR")
            << QStringLiteral("s3cr3t-token");
        QTest::newRow("no scheme")
            << QStringLiteral("header line \"authorization:s3cr3t\" has no colon")
            << QStringLiteral("s3cr3t");
        QTest::newRow("bearer alone") << QStringLiteral("sent bearer abc.def-ghi to the console")
                                      << QStringLiteral("abc.def-ghi");
    }

    void credentialsAreRedacted()
    {
        QFETCH(QString, message);
        QFETCH(QString, secret);
        for (const auto format : {ops::LogFormat::Text, ops::LogFormat::Json}) {
            const QByteArray line = ops::formatLogLine(format, QtDebugMsg, "ops.http", message);
            QVERIFY2(!line.contains(secret.toUtf8()), line.constData());
            QVERIFY2(line.contains("[redacted]"), line.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TstLogging)
#include "tst_logging.moc"
