#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcBuffer)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcApp)

namespace ops {

enum class LogFormat
{
    Text,
    Json
};

/// Routes every Qt message (ours and Qt's own) to stderr, one line each, with credentials
/// (`Authorization:` values, `Bearer` tokens) replaced by `[redacted]` whatever logged them.
/// Text: `category level: message`, prefixed with the syslog priority (`<4>`) when stderr is the
/// journal (systemd sets JOURNAL_STREAM), so journalctl shows levels and needs no timestamp.
/// Json: `{"time","level","category","message"}` a line, time in UTC (ISO 8601, milliseconds).
void installLogHandler(LogFormat format);

/// One message as the handler writes it, without the trailing newline (for tests).
QByteArray formatLogLine(LogFormat format, QtMsgType type, const char *category,
                         const QString &message, bool journal = false);

} // namespace ops
