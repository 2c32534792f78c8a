#include "logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <sys/stat.h>

#include <atomic>
#include <cstdio>

Q_LOGGING_CATEGORY(lcBuffer, "ops.buffer")
Q_LOGGING_CATEGORY(lcHttp, "ops.http")
Q_LOGGING_CATEGORY(lcSync, "ops.sync")
Q_LOGGING_CATEGORY(lcApp, "ops.app")

namespace ops {

namespace {

std::atomic<LogFormat> g_format{LogFormat::Text};
std::atomic<bool> g_journal{false};

struct Level
{
    const char *name;
    int syslogPriority;
};

Level levelOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return {"debug", 7};
    case QtInfoMsg:
        return {"info", 6};
    case QtWarningMsg:
        return {"warning", 4};
    case QtCriticalMsg:
        return {"critical", 3};
    case QtFatalMsg:
        return {"fatal", 2};
    }
    return {"info", 6};
}

/// A request's head may reach a log line (a malformed header is quoted in its 400 detail), so
/// credentials are cut out here, where every line passes, not at each place that logs.
QString redacted(QString message)
{
    static const QRegularExpression header(
        QStringLiteral("(authorization\\s*:\\s*)[^\"\\s]*(\\s+[^\"\\s]+)?"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bearer(QStringLiteral("\\b(bearer\\s+)[^\"\\s]+"),
                                           QRegularExpression::CaseInsensitiveOption);
    message.replace(header, QStringLiteral("\\1[redacted]"));
    message.replace(bearer, QStringLiteral("\\1[redacted]"));
    return message;
}

/// systemd sets JOURNAL_STREAM to "device:inode" of the journal stream it connected to stderr.
bool stderrIsJournal()
{
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    struct stat st
    {
    };
    if (stream.isEmpty() || fstat(fileno(stderr), &st) != 0)
        return false;
    return stream ==
           QByteArray::number(quint64(st.st_dev)) + ':' + QByteArray::number(quint64(st.st_ino));
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line =
        formatLogLine(g_format.load(), type, context.category, message, g_journal.load()) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

QByteArray formatLogLine(LogFormat format, QtMsgType type, const char *category,
                         const QString &message, bool journal)
{
    const Level level = levelOf(type);
    const QString text = redacted(message);
    const QString categoryName = QString::fromLatin1(category && *category ? category : "default");
    if (format == LogFormat::Json) {
        const QJsonObject object{
            {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("level"), QString::fromLatin1(level.name)},
            {QStringLiteral("category"), categoryName},
            {QStringLiteral("message"), text}};
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    QByteArray line;
    if (journal)
        line += '<' + QByteArray::number(level.syslogPriority) + '>';
    line += categoryName.toUtf8();
    if (type != QtInfoMsg)
        line += ' ' + QByteArray(level.name);
    line += ": " + text.toUtf8();
    // One message, one line: a newline inside would forge a second entry in the journal.
    line.replace('\n', ' ');
    return line;
}

void installLogHandler(LogFormat format)
{
    g_format = format;
    g_journal = stderrIsJournal();
    qInstallMessageHandler(handleMessage);
}

} // namespace ops
