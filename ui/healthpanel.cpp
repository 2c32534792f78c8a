#include "healthpanel.h"

#include "stateicons.h"
#include "summarytext.h"
#include "timestamps.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>

namespace ops {

QString HealthPanel::age(double seconds)
{
    if (seconds < 120)
        return HealthPanel::tr("%n s", nullptr, qRound(seconds));
    if (seconds < 2 * 3600)
        return HealthPanel::tr("%n min", nullptr, qRound(seconds / 60));
    return HealthPanel::tr("%n h", nullptr, qRound(seconds / 3600));
}

HealthPanel::HealthPanel(QTimeZone zone, QWidget *parent) : QWidget(parent), m_zone(std::move(zone))
{
    setObjectName(QStringLiteral("healthPanel"));
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto row = [&](const QString &field, const QString &label) {
        auto *value = new QLabel(this);
        value->setObjectName(QStringLiteral("health_") + field);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        value->setTextFormat(Qt::PlainText);
        form->addRow(label, value);
        m_values.insert(field, value);
    };
    row(QStringLiteral("status"), tr("Health:"));
    row(QStringLiteral("site"), tr("Site:"));
    row(QStringLiteral("central"), tr("Central database:"));
    row(QStringLiteral("sync_state"), tr("Sync:"));
    row(QStringLiteral("last_success"), tr("Last successful sync:"));
    row(QStringLiteral("pending"), tr("Waiting for central:"));
    row(QStringLiteral("failed"), tr("Refused by central:"));
    row(QStringLiteral("applied"), tr("Applied by central:"));
    row(QStringLiteral("damage"), tr("Buffer:"));
    row(QStringLiteral("last_error"), tr("Last error:"));
}

QColor HealthPanel::statusColour(const QString &status)
{
    // The theme's state colours, readable on its backgrounds at 4.5:1 or more (N5: a fixed
    // #8A4B00 was 2.15:1 on the night theme's background).
    if (status == QLatin1StringView("healthy"))
        return stateicons::colour(QStringLiteral("synced"));
    if (status == QLatin1StringView("degraded"))
        return stateicons::colour(QStringLiteral("pending"));
    return stateicons::colour(QStringLiteral("failed"));
}

void HealthPanel::colourStatus()
{
    if (QLabel *label = m_values.value(QStringLiteral("status")); label && !m_status.isNull())
        label->setStyleSheet(
            QStringLiteral("font-weight: bold; color: %1;").arg(statusColour(m_status).name()));
}

void HealthPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        colourStatus(); // the theme changed: its own colours
}

QString HealthPanel::value(const QString &field) const
{
    const QLabel *label = m_values.value(field);
    return label ? label->text() : QString();
}

void HealthPanel::set(const QString &field, const QString &text)
{
    if (QLabel *label = m_values.value(field))
        label->setText(text);
}

void HealthPanel::setReport(const QJsonObject &report, qint64 nowMicros)
{
    const QString status = report.value(QLatin1StringView("status")).toString();
    QLabel *statusLabel = m_values.value(QStringLiteral("status"));
    const QString reason = report.value(QLatin1StringView("reason")).toString();
    if (status == QLatin1StringView("healthy"))
        statusLabel->setText(tr("healthy"));
    else if (status == QLatin1StringView("degraded"))
        statusLabel->setText(tr("degraded"));
    else
        statusLabel->setText(reason.isEmpty() ? tr("unhealthy") : tr("unhealthy: %1").arg(reason));
    m_status = status;
    colourStatus();

    set(QStringLiteral("site"),
        tr("%1 (%2)").arg(
            report.value(QLatin1StringView("site")).toString(),
            summarytext::siteType(report.value(QLatin1StringView("site_type")).toString())));

    const QString central = report.value(QLatin1StringView("central")).toString();
    set(QStringLiteral("central"), central == QLatin1StringView("connected") ? tr("connected")
                                   : central == QLatin1StringView("disconnected")
                                       ? tr("disconnected")
                                       : tr("not configured"));

    const QJsonObject sync = report.value(QLatin1StringView("sync")).toObject();
    const QString state = sync.value(QLatin1StringView("state")).toString();
    set(QStringLiteral("sync_state"),
        state == QLatin1StringView("idle")       ? tr("idle: everything sent")
        : state == QLatin1StringView("applying") ? tr("sending changes")
        : state == QLatin1StringView("waiting")  ? tr("waiting to try again")
        : state == QLatin1StringView("disabled") ? tr("off (no central database)")
                                                 : state);
    const QString lastSuccess = sync.value(QLatin1StringView("last_success")).toString();
    if (const auto at = timestamps::parse(lastSuccess); at && !lastSuccess.isEmpty()) {
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(*at / 1000, m_zone);
        set(QStringLiteral("last_success"),
            tr("%1 ago (%2)")
                .arg(age(std::max<qint64>(0, nowMicros - *at) / 1e6),
                     QLocale().toString(when, QLocale::ShortFormat)));
    } else {
        set(QStringLiteral("last_success"), tr("never"));
    }

    const QJsonObject buffer = report.value(QLatin1StringView("buffer")).toObject();
    const int pending = buffer.value(QLatin1StringView("pending")).toInt();
    set(QStringLiteral("pending"),
        pending == 0
            ? tr("nothing")
            : tr("%n transaction(s), the oldest %1 old", nullptr, pending)
                  .arg(age(buffer.value(QLatin1StringView("oldest_pending_age_s")).toDouble())));
    const int failed = buffer.value(QLatin1StringView("failed")).toInt();
    set(QStringLiteral("failed"), failed == 0 ? tr("nothing")
                                              : tr("%n transaction(s): see above to retry or "
                                                   "discard",
                                                   nullptr, failed));
    set(QStringLiteral("applied"),
        tr("%n transaction(s)", nullptr,
           sync.value(QLatin1StringView("transactions_applied")).toInt()));
    const QString damage = buffer.value(QLatin1StringView("damage")).toString();
    set(QStringLiteral("damage"), damage.isEmpty() ? tr("sound") : damage);
    const QString lastError = sync.value(QLatin1StringView("last_error")).toString();
    set(QStringLiteral("last_error"), lastError.isEmpty() ? tr("none") : lastError);
}

} // namespace ops
