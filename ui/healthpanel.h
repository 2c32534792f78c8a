#pragma once

#include <QHash>
#include <QJsonObject>
#include <QTimeZone>
#include <QWidget>

class QLabel;

namespace ops {

/// The link's health as a person reads it: the same report /health serves, as labelled values
/// in the operator's language, with the overall state coloured. Each value label is named
/// `health_<field>` for tests.
class HealthPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit HealthPanel(QTimeZone zone, QWidget *parent = nullptr);

    /// Shows a report from healthReport().
    void setReport(const QJsonObject &report, qint64 nowMicros);
    /// An age in words ("42 s", "12 min", "3 h").
    static QString age(double seconds);
    /// The value shown for a field ("status", "central", "pending"...), for tests.
    QString value(const QString &field) const;
    /// The colour of the overall state ("healthy", "degraded", "unhealthy") in the current theme.
    static QColor statusColour(const QString &status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void set(const QString &field, const QString &text);
    void colourStatus();
    QString m_status;

    QTimeZone m_zone;
    QHash<QString, QLabel *> m_values;
};

} // namespace ops
