#include "automationsimulator.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace ops {

AutomationSimulator::AutomationSimulator(Settings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings))
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &AutomationSimulator::step);
}

void AutomationSimulator::start()
{
    m_clock.start();
    m_timer.start(static_cast<int>(1000.0 / std::max(0.1, m_settings.ratePerSecond)));
}

void AutomationSimulator::stop()
{
    m_timer.stop();
    if (m_inFlight == 0)
        Q_EMIT finished();
}

void AutomationSimulator::send(const QByteArray &method, const QString &path,
                               const QJsonValue &body,
                               const std::function<void(const QJsonObject &)> &onAccepted)
{
    QNetworkRequest request(QUrl(m_settings.baseUrl + path));
    request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QByteArray bytes = body.isArray()
                                 ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, bytes);
    ++m_counts.sent;
    ++m_inFlight;
    connect(reply, &QNetworkReply::finished, this, [this, reply, onAccepted] {
        --m_inFlight;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        if (status == 200 || status == 201) {
            ++m_counts.accepted;
            onAccepted(answer);
        } else {
            ++m_counts.refused;
            m_counts.lastRefusal = QStringLiteral("%1 %2").arg(status).arg(
                status == 0 ? reply->errorString()
                            : answer.value(QLatin1StringView("detail")).toString());
        }
        reply->deleteLater();
        if (!m_timer.isActive() && m_inFlight == 0)
            Q_EMIT finished();
    });
}

void AutomationSimulator::step()
{
    if (m_settings.durationSeconds > 0 &&
        m_clock.elapsed() >= m_settings.durationSeconds * 1000LL) {
        stop();
        return;
    }
    if (m_inFlight > 8)
        return; // the console is slower than the rate asked for: do not pile up
    // One observation's life: start, a few bulks of files, finish, package, finalize, stage.
    if (m_observation.isEmpty()) {
        if (m_phase != 0)
            return; // waiting for the start to be answered
        m_phase = 1;
        send("POST", QStringLiteral("/executed_obs_units/start"),
             QJsonObject{{QStringLiteral("obs_unit_id"), ++m_obsUnit},
                         {QStringLiteral("obs_info"),
                          QJsonObject{{QStringLiteral("instrument_module"), m_settings.module}}}},
             [this](const QJsonObject &a) {
                 m_observation = a.value(QLatin1StringView("id")).toString();
                 m_fileIds.clear();
                 m_phase = 2;
             });
        return;
    }
    if (m_phase >= 2 && m_phase < 5) {
        QJsonArray files;
        for (int i = 0; i < m_settings.filesPerBulk; ++i) {
            const QString path = QStringLiteral("sim/obs%1/bulk%2/det%3.fits")
                                     .arg(m_obsUnit)
                                     .arg(m_phase)
                                     .arg(i, 4, 10, QLatin1Char('0'));
            files.append(
                QJsonObject{{QStringLiteral("executed_obs_unit_id"), m_observation},
                            {QStringLiteral("instrument_module"), m_settings.module},
                            {QStringLiteral("relative_path"), path},
                            {QStringLiteral("size_bytes"), m_settings.fileBytes + i},
                            {QStringLiteral("checksum"),
                             QString::fromLatin1(
                                 QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256)
                                     .toHex())}});
        }
        ++m_phase;
        send("POST", QStringLiteral("/raw_data_files/bulk"), files, [this](const QJsonObject &a) {
            for (const QJsonValue &id : a.value(QLatin1StringView("ids")).toArray())
                m_fileIds << id.toString();
            m_counts.files += static_cast<int>(a.value(QLatin1StringView("ids")).toArray().size());
        });
        return;
    }
    if (m_phase == 5) {
        m_phase = 6;
        send("PUT", QStringLiteral("/executed_obs_units/%1/finish").arg(m_observation),
             QJsonObject{{QStringLiteral("mean_pwv"), 0.7}}, [](const QJsonObject &) {});
        return;
    }
    if (m_phase == 6) {
        m_phase = 7;
        const QString observation = m_observation;
        send("POST", QStringLiteral("/raw_data_package"),
             QJsonObject{{QStringLiteral("name"),
                          QStringLiteral("sim-%1-%2")
                              .arg(m_obsUnit)
                              .arg(QString::number(QDateTime::currentMSecsSinceEpoch(), 36))},
                         {QStringLiteral("executed_obs_unit_id"), observation},
                         {QStringLiteral("instrument_module"), m_settings.module},
                         {QStringLiteral("file_ids"), QJsonArray::fromStringList(m_fileIds)}},
             [this](const QJsonObject &a) {
                 const QString package = a.value(QLatin1StringView("id")).toString();
                 send("PUT", QStringLiteral("/raw_data_package/%1/finalize").arg(package),
                      QJsonObject{}, [this, package](const QJsonObject &) {
                          send("POST", QStringLiteral("/staging/stage"),
                               QJsonObject{
                                   {QStringLiteral("raw_data_package_ids"), QJsonArray{package}},
                                   {QStringLiteral("destination"),
                                    QStringLiteral("ramses-processing")}},
                               [](const QJsonObject &) {});
                      });
             });
        m_observation.clear();
        m_phase = 0;
    }
}

} // namespace ops
