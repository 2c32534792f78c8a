#include "settingsdialog.h"

#include "config.h"
#include "deskservice.h"
#include "stateicons.h"
#include "summarytext.h"
#include "syncplots.h"
#include "tokenstore.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>

namespace ops {

SettingsDialog::SettingsDialog(QString configFile, DeskService *desk, QWidget *parent)
    : QDialog(parent), m_configFile(std::move(configFile)), m_desk(desk)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    const QSettings file(m_configFile, QSettings::IniFormat);
    auto *console = new QGroupBox(tr("Console (takes effect at the next start)"), this);
    auto *form = new QFormLayout(console);
    m_central = new QLineEdit(file.value(QStringLiteral("central")).toString(), console);
    m_central->setObjectName(QStringLiteral("centralEdit"));
    m_central->setPlaceholderText(QStringLiteral("host=… dbname=… user=…  or  postgresql://…"));
    m_site = new QLineEdit(file.value(QStringLiteral("site"), QStringLiteral("ccat")).toString(),
                           console);
    m_site->setObjectName(QStringLiteral("siteEdit"));
    m_siteType = new QComboBox(console);
    m_siteType->setObjectName(QStringLiteral("siteTypeCombo"));
    // Shown in words, saved as the key the config file knows.
    for (const QString &type : {QStringLiteral("secondary"), QStringLiteral("main")})
        m_siteType->addItem(summarytext::siteType(type), type);
    m_siteType->setCurrentIndex(std::max(
        0, m_siteType->findData(
               file.value(QStringLiteral("site-type"), QStringLiteral("secondary")).toString())));
    m_zone = new QComboBox(console);
    m_zone->setObjectName(QStringLiteral("zoneCombo"));
    m_zone->setEditable(true);
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_zone->addItem(QString::fromUtf8(id));
    m_zone->setCurrentText(
        file.value(QStringLiteral("timezone"), QStringLiteral("America/Santiago")).toString());
    m_listen = new QLineEdit(file.value(QStringLiteral("listen")).toString(), console);
    m_listen->setObjectName(QStringLiteral("listenEdit"));
    m_listen->setPlaceholderText(tr("[host:]port, empty: no REST"));
    m_maxPackage = new QLineEdit(
        file.value(QStringLiteral("max-package-bytes"), QStringLiteral("53687091200")).toString(),
        console);
    m_maxPackage->setObjectName(QStringLiteral("maxPackageEdit"));
    form->addRow(tr("Central database:"), m_central);
    form->addRow(tr("Site:"), m_site);
    form->addRow(tr("Site type:"), m_siteType);
    form->addRow(tr("Time zone:"), m_zone);
    form->addRow(tr("REST listen address:"), m_listen);
    form->addRow(tr("Largest package (bytes):"), m_maxPackage);
    form->addRow(new QLabel(tr("Saved to %1").arg(m_configFile), console));

    // The desk's own alarm, not the console's configuration: kept with the window's layout.
    auto *alarms = new QGroupBox(tr("Alarms (take effect at once)"), this);
    auto *alarmForm = new QFormLayout(alarms);
    m_backlogAlarm = new QSpinBox(alarms);
    m_backlogAlarm->setObjectName(QStringLiteral("backlogAlarmSpin"));
    m_backlogAlarm->setRange(1, 24 * 60);
    m_backlogAlarm->setSuffix(tr(" min"));
    m_backlogAlarm->setValue(backlogAlarmMinutes());
    m_theme = new QComboBox(alarms);
    m_theme->setObjectName(QStringLiteral("themeCombo"));
    m_theme->addItem(tr("Day"), QStringLiteral("day"));
    m_theme->addItem(tr("Night (dark, red)"), QStringLiteral("night"));
    m_theme->setCurrentIndex(stateicons::theme() == stateicons::Theme::Night ? 1 : 0);
    m_theme->setToolTip(tr("Night: a dark, red-shifted look that keeps the eyes dark-adapted"));
    m_backlogAlarm->setToolTip(
        tr("Notify when the oldest change waiting for central is older than this"));
    alarmForm->addRow(tr("Backlog alarm after:"), m_backlogAlarm);
    alarmForm->addRow(tr("Theme:"), m_theme);
    m_fontPoints = new QSpinBox(alarms);
    m_fontPoints->setObjectName(QStringLiteral("fontSizeSpin"));
    m_fontPoints->setRange(6, 36);
    m_fontPoints->setSuffix(tr(" pt"));
    m_fontPoints->setValue(fontPoints());
    m_fontPoints->setToolTip(tr("The size of all text on the desk, e.g. larger on a 4K screen"));
    alarmForm->addRow(tr("Text size:"), m_fontPoints);

    auto *tokens = new QGroupBox(tr("Automation tokens (take effect at once)"), this);
    auto *tokenLayout = new QVBoxLayout(tokens);
    m_tokens = new QListWidget(tokens);
    m_tokens->setObjectName(QStringLiteral("tokenList"));
    m_tokenName = new QLineEdit(tokens);
    m_tokenName->setObjectName(QStringLiteral("tokenNameEdit"));
    m_tokenName->setPlaceholderText(tr("name, e.g. primecam-daq"));
    m_tokenScopes = new QLineEdit(QStringLiteral("read,write:observations,write:files"), tokens);
    m_tokenScopes->setObjectName(QStringLiteral("tokenScopesEdit"));
    m_tokenScopes->setToolTip(knownScopes().join(QLatin1StringView(", ")));
    auto *create = new QPushButton(tr("Create"), tokens);
    create->setObjectName(QStringLiteral("createTokenButton"));
    auto *revoke = new QPushButton(tr("Revoke selected"), tokens);
    revoke->setObjectName(QStringLiteral("revokeTokenButton"));
    // Wide enough for what they hold (D24: both were cut off, in Spanish above all): the
    // placeholder, and the default scopes.
    const auto fit = [](QLineEdit *edit, const QString &text) {
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(text) + 24);
    };
    fit(m_tokenName, m_tokenName->placeholderText());
    fit(m_tokenScopes, m_tokenScopes->text());
    auto *row = new QHBoxLayout;
    row->addWidget(m_tokenName, 1);
    row->addWidget(m_tokenScopes, 2);
    row->addWidget(create);
    row->addWidget(revoke);
    tokenLayout->addWidget(m_tokens);
    tokenLayout->addLayout(row);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(console);
    layout->addWidget(alarms);
    layout->addWidget(tokens);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        const QString problem = save();
        if (problem.isEmpty())
            accept();
        else
            QMessageBox::warning(this, tr("Settings"), problem);
    });
    connect(create, &QPushButton::clicked, this, [this] {
        const QString name = m_tokenName->text().trimmed();
        const QStringList scopes =
            m_tokenScopes->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
        m_desk->runTokens(
            [name, scopes](TokenStore &store, const QString &now) {
                auto secret = store.create(name, scopes, now);
                return secret ? DeskOutcome{true, secret.value(), {}, {}}
                              : DeskOutcome{false, {}, secret.error().message, {}};
            },
            this,
            [this, name](const DeskOutcome &o) {
                if (!o.ok) {
                    QMessageBox::warning(this, tr("Create token"), o.message);
                    return;
                }
                QInputDialog::getText(
                    this, tr("Token created"),
                    tr("The token for “%1”. Copy it now: it is shown only this once.").arg(name),
                    QLineEdit::Normal, o.id);
                loadTokens();
            });
    });
    connect(revoke, &QPushButton::clicked, this, [this] {
        const QListWidgetItem *item = m_tokens->currentItem();
        if (!item)
            return;
        const QString name = item->data(Qt::UserRole).toString();
        if (QMessageBox::question(
                this, tr("Revoke token"),
                tr("Revoke the token “%1”? Automation using it is refused from now on.")
                    .arg(name)) != QMessageBox::Yes)
            return;
        m_desk->runTokens(
            [name](TokenStore &store, const QString &now) {
                const Status revoked = store.revoke(name, now);
                return revoked ? DeskOutcome{true, name, {}, {}}
                               : DeskOutcome{false, {}, revoked.error().message, {}};
            },
            this,
            [this](const DeskOutcome &o) {
                if (!o.ok)
                    QMessageBox::warning(this, tr("Revoke token"), o.message);
                loadTokens();
            });
    });
    loadTokens();
}

void SettingsDialog::loadTokens()
{
    m_desk->runTokens(
        [](TokenStore &store, const QString &) {
            QJsonArray list;
            for (const TokenInfo &t : store.list())
                list.append(
                    QJsonObject{{QStringLiteral("name"), t.name},
                                {QStringLiteral("scopes"), t.scopes.join(QLatin1Char(','))}});
            return DeskOutcome{true, {}, {}, list};
        },
        this,
        [this](const DeskOutcome &o) {
            m_tokens->clear();
            for (const QJsonValue &v : o.data.toArray()) {
                auto *item = new QListWidgetItem(
                    QStringLiteral("%1 — %2").arg(v[QLatin1StringView("name")].toString(),
                                                  v[QLatin1StringView("scopes")].toString()),
                    m_tokens);
                item->setData(Qt::UserRole, v[QLatin1StringView("name")].toString());
            }
        });
}

int SettingsDialog::backlogAlarmMinutes()
{
    return std::clamp(QSettings().value(QStringLiteral("alarms/backlog-minutes"), 30).toInt(), 1,
                      24 * 60);
}

QPalette SettingsDialog::palette(const QString &theme)
{
    static const QPalette day = QApplication::palette();
    if (theme != QLatin1StringView("night"))
        return day;
    // Red on black: nothing blue or green, nothing bright.
    const QColor paper(0x1c, 0x0b, 0x08), alternate(0x26, 0x10, 0x0c), window(0x16, 0x08, 0x06),
        button(0x2e, 0x14, 0x10), ink(0xff, 0xb8, 0xa8), dim(0xa8, 0x6e, 0x60),
        highlight(0x6e, 0x1e, 0x14), highlightInk(0xff, 0xd0, 0xc4);
    const std::pair<QPalette::ColorRole, QColor> roles[] = {
        {QPalette::Window, window},
        {QPalette::WindowText, ink},
        {QPalette::Base, paper},
        {QPalette::AlternateBase, alternate},
        {QPalette::Text, ink},
        {QPalette::Button, button},
        {QPalette::ButtonText, ink},
        {QPalette::ToolTipBase, button},
        {QPalette::ToolTipText, ink},
        {QPalette::PlaceholderText, dim},
        {QPalette::Highlight, highlight},
        {QPalette::HighlightedText, highlightInk},
        {QPalette::BrightText, QColor(0xff, 0x6b, 0x5e)},
        {QPalette::Link, QColor(0xff, 0x9f, 0x80)},
        {QPalette::Light, button.lighter(150)},
        {QPalette::Midlight, button.lighter(125)},
        {QPalette::Mid, button.darker(120)},
        {QPalette::Dark, window.darker(150)},
        {QPalette::Shadow, Qt::black},
    };
    QPalette p;
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive})
        for (const auto &[role, colour] : roles)
            p.setColor(group, role, colour);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, dim);
    for (QPalette::ColorRole role : {QPalette::Window, QPalette::Base, QPalette::Button,
                                     QPalette::AlternateBase, QPalette::Highlight})
        p.setColor(QPalette::Disabled, role, p.color(QPalette::Active, role));
    return p;
}

void SettingsDialog::applyTheme(const QString &theme)
{
    const bool night = theme == QLatin1StringView("night");
    // Taken before the first change, so that "day" restores the platform's own look.
    const QPalette dayPalette = palette(QStringLiteral("day"));
    stateicons::setTheme(night ? stateicons::Theme::Night : stateicons::Theme::Day);
    QApplication::setPalette(night ? palette(theme) : dayPalette);
    // Views and pictures draw their state colours and icons again.
    for (QWidget *widget : QApplication::allWidgets()) {
        if (auto *backlog = qobject_cast<BacklogChart *>(widget))
            backlog->restyle();
        else if (auto *packages = qobject_cast<PackageSizeChart *>(widget))
            packages->restyle();
        widget->update();
    }
}

namespace {
/// The platform's text size, taken before the first change.
int platformPoints()
{
    static const int points = std::max(1, QApplication::font().pointSize());
    return points;
}
} // namespace

int SettingsDialog::fontPoints()
{
    return std::clamp(
        QSettings().value(QStringLiteral("appearance/font-points"), platformPoints()).toInt(), 6,
        36);
}

void SettingsDialog::applyFontPoints(int points)
{
    platformPoints();
    QFont font = QApplication::font();
    if (font.pointSize() == points)
        return;
    font.setPointSize(points);
    QApplication::setFont(font); // every widget gets a FontChange and lays itself out again
}

QString SettingsDialog::save()
{
    bool ok = false;
    const qint64 maxPackage = m_maxPackage->text().trimmed().toLongLong(&ok);
    if (!ok || maxPackage <= 0)
        return tr("Largest package: must be a positive whole number of bytes, got “%1”")
            .arg(m_maxPackage->text());
    if (!QTimeZone(m_zone->currentText().toUtf8()).isValid())
        return tr("Time zone: unknown IANA time zone “%1”").arg(m_zone->currentText());
    if (m_site->text().trimmed().isEmpty())
        return tr("Site: must not be empty");
    // The start-up's own check: saved, a conninfo libpq cannot parse would stop the next start.
    if (const QString why = conninfoProblem(m_central->text().trimmed()); !why.isEmpty())
        return tr("Central database: not a libpq conninfo or postgresql:// URL: %1").arg(why);
    QSettings file(m_configFile, QSettings::IniFormat);
    const auto put = [&file](const QString &key, const QString &value) {
        if (value.trimmed().isEmpty())
            file.remove(key);
        else
            file.setValue(key, value.trimmed());
    };
    put(QStringLiteral("central"), m_central->text());
    put(QStringLiteral("site"), m_site->text());
    put(QStringLiteral("site-type"), m_siteType->currentData().toString());
    QSettings().setValue(QStringLiteral("alarms/backlog-minutes"), m_backlogAlarm->value());
    put(QStringLiteral("timezone"), m_zone->currentText());
    put(QStringLiteral("listen"), m_listen->text());
    put(QStringLiteral("max-package-bytes"), QString::number(maxPackage));
    put(QStringLiteral("theme"), m_theme->currentData().toString());
    applyTheme(m_theme->currentData().toString());
    QSettings().setValue(QStringLiteral("appearance/font-points"), m_fontPoints->value());
    applyFontPoints(m_fontPoints->value());
    file.sync();
    return file.status() == QSettings::NoError ? QString()
                                               : tr("cannot write %1").arg(m_configFile);
}

} // namespace ops
