#pragma once

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

namespace ops {

/// Plays observatory automation against a console's REST routes, for load tests and training:
/// observations start, files arrive in bulks, observations finish, packages are made, finalized
/// and staged, at a chosen rate of requests per second. Every answer is checked; what was
/// refused is counted and reported.
class AutomationSimulator final : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString baseUrl; ///< e.g. http://127.0.0.1:8080
        QString token;
        double ratePerSecond = 5;
        int durationSeconds = 0; ///< 0: until stopped
        int filesPerBulk = 200;
        QString module = QStringLiteral("primecam-280");
        qint64 fileBytes = 8000000;
    };
    struct Counts
    {
        int sent = 0;
        int accepted = 0;
        int refused = 0;
        int files = 0;
        QString lastRefusal;
    };

    explicit AutomationSimulator(Settings settings, QObject *parent = nullptr);
    void start();
    void stop();
    const Counts &counts() const { return m_counts; }

Q_SIGNALS:
    void finished();

private:
    void step();
    void send(const QByteArray &method, const QString &path, const QJsonValue &body,
              const std::function<void(const QJsonObject &)> &onAccepted);

    Settings m_settings;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    QElapsedTimer m_clock;
    Counts m_counts;
    QString m_observation;
    QStringList m_fileIds;
    int m_phase = 0;
    int m_obsUnit = 5000;
    int m_inFlight = 0;
};

} // namespace ops
