#include "summarytext.h"

#include "stateicons.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

#include <climits>

namespace ops::summarytext {

QString siteType(const QString &type)
{
    if (type == QLatin1StringView("main"))
        return QCoreApplication::translate("ops::summarytext", "main");
    if (type == QLatin1StringView("secondary"))
        return QCoreApplication::translate("ops::summarytext", "secondary");
    return type;
}

QString translated(const QString &english)
{
    // The shapes core/buffer/operations.cpp and core/buffer/outbox.cpp write (older buffers say
    // "package(s)"); anchored, so a summary of a shape not listed here stays as it is rather than
    // being half translated.
    static const QRegularExpression start(QStringLiteral("^Start observation of obs unit (.+)$"));
    static const QRegularExpression finish(
        QStringLiteral("^Finish observation (\\S+) \\(obs unit (.+)\\) as (\\w+)$"));
    static const QRegularExpression registerOne(QStringLiteral("^Register file (.+)$"));
    static const QRegularExpression registerMany(
        QStringLiteral("^Register (\\d+) files for observation (\\S+)$"));
    static const QRegularExpression createPackage(
        QStringLiteral("^Create package (.+) with (\\d+) files?$"));
    static const QRegularExpression finalize(QStringLiteral("^Finalize package (.+)$"));
    static const QRegularExpression stage(
        QStringLiteral("^Stage (\\d+) package(?:s|\\(s\\))? to (.+)$"));
    static const QRegularExpression cancel(QStringLiteral("^Cancel staging job (\\S+) to (.+)$"));
    static const QRegularExpression audit(QStringLiteral("^Audit: (\\w+) of transaction (\\S+)$"));

    // Named tr so that lupdate files these strings under this file's context.
    const auto tr = [](const char *text, const char *comment = nullptr, int n = -1) {
        return QCoreApplication::translate("ops::summarytext", text, comment, n);
    };
    QRegularExpressionMatch m = start.match(english);
    if (m.hasMatch())
        return tr("Start observation of obs unit %1").arg(m.captured(1));
    m = finish.match(english);
    if (m.hasMatch())
        return tr("Finish observation %1 (obs unit %2) as %3")
            .arg(m.captured(1), m.captured(2), stateicons::label(m.captured(3)));
    m = registerMany.match(english);
    if (m.hasMatch())
        return tr("Register %n files for observation %1", nullptr, m.captured(1).toInt())
            .arg(m.captured(2));
    m = registerOne.match(english);
    if (m.hasMatch())
        return tr("Register file %1").arg(m.captured(1));
    m = createPackage.match(english);
    if (m.hasMatch())
        return tr("Create package %1 with %n files", nullptr, m.captured(2).toInt())
            .arg(m.captured(1));
    m = finalize.match(english);
    if (m.hasMatch())
        return tr("Finalize package %1").arg(m.captured(1));
    m = stage.match(english);
    if (m.hasMatch())
        return tr("Stage %n packages to %1", nullptr, m.captured(1).toInt()).arg(m.captured(2));
    m = cancel.match(english);
    if (m.hasMatch())
        return tr("Cancel staging job %1 to %2").arg(m.captured(1), m.captured(2));
    m = audit.match(english);
    if (m.hasMatch()) {
        const QString action = m.captured(1);
        if (action == QLatin1StringView("retry_transaction"))
            return tr("Audit: retried transaction %1").arg(m.captured(2));
        if (action == QLatin1StringView("discard_transaction"))
            return tr("Audit: discarded transaction %1").arg(m.captured(2));
        if (action == QLatin1StringView("cancel_staging"))
            return tr("Audit: cancelled staging %1").arg(m.captured(2));
    }
    return english;
}

QString statusCount(const QString &status, int count)
{
    if (status == QLatin1StringView("running"))
        return QCoreApplication::translate("ops::summarytext", "%n running", nullptr, count);
    if (status == QLatin1StringView("completed"))
        return QCoreApplication::translate("ops::summarytext", "%n completed", nullptr, count);
    if (status == QLatin1StringView("failed"))
        return QCoreApplication::translate("ops::summarytext", "%n failed", nullptr, count);
    if (status == QLatin1StringView("aborted"))
        return QCoreApplication::translate("ops::summarytext", "%n aborted", nullptr, count);
    return QStringLiteral("%1 %2").arg(QLocale().toString(count), stateicons::label(status));
}

QString centralCounts(int synced, int buffered, int refused, bool still)
{
    // Named tr so that lupdate files these strings under this file's context.
    const auto tr = [](const char *text, const char *comment = nullptr, int n = -1) {
        return QCoreApplication::translate("ops::summarytext", text, comment, n);
    };
    // Three counts, each with the plural form its number needs ("1 rechazada", "2 rechazadas").
    return tr("Central: %1, %2, %3")
        .arg(tr("%Ln synced", nullptr, synced),
             still ? tr("%Ln still buffered", nullptr, buffered)
                   : tr("%Ln buffered", nullptr, buffered),
             tr("%Ln refused", nullptr, refused));
}

QString moduleLine(const QString &module, qint64 files, qint64 bytes, int observations)
{
    if (module.isEmpty())
        return QCoreApplication::translate("ops::NightTimeline", "(no files)") +
               QStringLiteral(": ") +
               QCoreApplication::translate("ops::summarytext", "%n observation(s)", nullptr,
                                           observations);
    // The count in a variable: lupdate does not see a translate() whose count is a cast.
    const int n = static_cast<int>(std::min<qint64>(files, INT_MAX));
    return QCoreApplication::translate("ops::summarytext", "%1: %Ln file(s), %2", nullptr, n)
        .arg(module, QLocale().formattedDataSize(bytes));
}

} // namespace ops::summarytext
