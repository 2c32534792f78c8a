#include "stateicons.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ops::stateicons {

namespace {

enum class Shape
{
    Hourglass,
    Circle,
    Check,
    Cross,
    Stop,
    Play,
    Slash
};

/// A state's colour family; its colour depends on the theme.
enum class Tint
{
    Amber,
    Grey,
    Scheduled,
    Blue,
    Green,
    Red,
    Orange,
    Other
};

struct Look
{
    Shape shape;
    QColor colour;
};

Theme g_theme = Theme::Day;

/// Text colours with a contrast of at least 4.5:1 on their theme's base and alternate base
/// (tst_mainwindow computes it). The night's are red-shifted: no blue or green light at the desk.
QColor tintColour(Tint tint)
{
    // {day, night}, in the order of Tint.
    static const QRgb colours[][2] = {
        {0x8a5a00, 0xffb547}, // amber
        {0x5c5c5c, 0xc79a8c}, // grey
        {0x2d5a8c, 0xe8a39a}, // scheduled
        {0x1957a6, 0xff9f80}, // blue
        {0x1b6b2e, 0xe6c38f}, // green
        {0xb3261e, 0xff6b5e}, // red
        {0xa0470a, 0xff9248}, // orange
        {0x666666, 0xd0a090}, // other
    };
    return QColor(colours[static_cast<int>(tint)][g_theme == Theme::Night ? 1 : 0]);
}

Look lookOf(const QString &state)
{
    struct Kind
    {
        Shape shape;
        Tint tint;
    };
    // Told apart by shape as well as colour: failed is a cross, aborted a stop square.
    static const QHash<QString, Kind> kinds{
        {QStringLiteral("waiting"), {Shape::Hourglass, Tint::Amber}},
        {QStringLiteral("pending"), {Shape::Hourglass, Tint::Amber}},
        {QStringLiteral("buffered"), {Shape::Hourglass, Tint::Amber}},
        {QStringLiteral("building"), {Shape::Hourglass, Tint::Grey}},
        {QStringLiteral("scheduled"), {Shape::Circle, Tint::Scheduled}},
        {QStringLiteral("transferring"), {Shape::Circle, Tint::Blue}},
        {QStringLiteral("in_progress"), {Shape::Circle, Tint::Blue}},
        {QStringLiteral("running"), {Shape::Play, Tint::Blue}},
        {QStringLiteral("archived"), {Shape::Check, Tint::Green}},
        {QStringLiteral("complete"), {Shape::Check, Tint::Green}},
        {QStringLiteral("completed"), {Shape::Check, Tint::Green}},
        {QStringLiteral("synced"), {Shape::Check, Tint::Green}},
        {QStringLiteral("applied"), {Shape::Check, Tint::Green}},
        {QStringLiteral("failed"), {Shape::Cross, Tint::Red}},
        {QStringLiteral("aborted"), {Shape::Stop, Tint::Orange}},
        {QStringLiteral("cancelled"), {Shape::Slash, Tint::Grey}},
        {QStringLiteral("discarded"), {Shape::Slash, Tint::Grey}},
    };
    const Kind kind = kinds.value(state, Kind{Shape::Circle, Tint::Other});
    return {kind.shape, tintColour(kind.tint)};
}

QPixmap draw(const Look &look, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    QPen pen(look.colour, s / 7.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (look.shape) {
    case Shape::Circle:
        p.setPen(Qt::NoPen);
        p.setBrush(look.colour);
        p.drawEllipse(QRectF(s * 0.15, s * 0.15, s * 0.7, s * 0.7));
        break;
    case Shape::Hourglass: {
        QPainterPath path;
        path.moveTo(s * 0.22, s * 0.12);
        path.lineTo(s * 0.78, s * 0.12);
        path.lineTo(s * 0.22, s * 0.88);
        path.lineTo(s * 0.78, s * 0.88);
        path.closeSubpath();
        p.setPen(QPen(look.colour, s / 10.0));
        p.setBrush(look.colour.lighter(150));
        p.drawPath(path);
        break;
    }
    case Shape::Check:
        p.setPen(pen);
        p.drawPolyline(QPolygonF{QPointF(s * 0.18, s * 0.55), QPointF(s * 0.42, s * 0.78),
                                 QPointF(s * 0.84, s * 0.24)});
        break;
    case Shape::Cross:
        p.setPen(pen);
        p.drawLine(QPointF(s * 0.22, s * 0.22), QPointF(s * 0.78, s * 0.78));
        p.drawLine(QPointF(s * 0.78, s * 0.22), QPointF(s * 0.22, s * 0.78));
        break;
    case Shape::Stop:
        p.setPen(Qt::NoPen);
        p.setBrush(look.colour);
        p.drawRect(QRectF(s * 0.2, s * 0.2, s * 0.6, s * 0.6));
        break;
    case Shape::Play:
        p.setPen(Qt::NoPen);
        p.setBrush(look.colour);
        p.drawPolygon(QPolygonF{QPointF(s * 0.25, s * 0.15), QPointF(s * 0.85, s * 0.5),
                                QPointF(s * 0.25, s * 0.85)});
        break;
    case Shape::Slash:
        p.setPen(QPen(look.colour, s / 9.0));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(QRectF(s * 0.15, s * 0.15, s * 0.7, s * 0.7));
        p.drawLine(QPointF(s * 0.28, s * 0.72), QPointF(s * 0.72, s * 0.28));
        break;
    }
    return pixmap;
}

} // namespace

void setTheme(Theme theme)
{
    g_theme = theme;
}

Theme theme()
{
    return g_theme;
}

Surface surface()
{
    if (g_theme == Theme::Night)
        return {QColor(0x1c, 0x0b, 0x08), QColor(0x26, 0x10, 0x0c), QColor(0xff, 0xb8, 0xa8),
                QColor(0x4a, 0x24, 0x1c)};
    return {QColor(0xfa, 0xfa, 0xfa), QColor(0xf0, 0xf0, 0xf0), QColor(0x40, 0x40, 0x40),
            QColor(0xd8, 0xd8, 0xd8)};
}

QIcon icon(const QString &state)
{
    static QHash<QString, QIcon> cache[2];
    QHash<QString, QIcon> &themed = cache[g_theme == Theme::Night ? 1 : 0];
    auto found = themed.find(state);
    if (found == themed.end()) {
        QIcon made;
        for (int size : {16, 24, 32})
            made.addPixmap(draw(lookOf(state), size));
        found = themed.insert(state, made);
    }
    return *found;
}

QColor colour(const QString &state)
{
    return lookOf(state).colour;
}

QString label(const QString &state)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("running"), QT_TRANSLATE_NOOP("ops::stateicons", "running")},
        {QStringLiteral("completed"), QT_TRANSLATE_NOOP("ops::stateicons", "completed")},
        {QStringLiteral("failed"), QT_TRANSLATE_NOOP("ops::stateicons", "failed")},
        {QStringLiteral("aborted"), QT_TRANSLATE_NOOP("ops::stateicons", "aborted")},
        {QStringLiteral("building"), QT_TRANSLATE_NOOP("ops::stateicons", "building")},
        {QStringLiteral("complete"), QT_TRANSLATE_NOOP("ops::stateicons", "complete")},
        {QStringLiteral("waiting"), QT_TRANSLATE_NOOP("ops::stateicons", "waiting")},
        {QStringLiteral("transferring"), QT_TRANSLATE_NOOP("ops::stateicons", "transferring")},
        {QStringLiteral("archived"), QT_TRANSLATE_NOOP("ops::stateicons", "archived")},
        {QStringLiteral("pending"), QT_TRANSLATE_NOOP("ops::stateicons", "pending")},
        {QStringLiteral("scheduled"), QT_TRANSLATE_NOOP("ops::stateicons", "scheduled")},
        {QStringLiteral("in_progress"), QT_TRANSLATE_NOOP("ops::stateicons", "in progress")},
        {QStringLiteral("cancelled"), QT_TRANSLATE_NOOP("ops::stateicons", "cancelled")},
        {QStringLiteral("buffered"), QT_TRANSLATE_NOOP("ops::stateicons", "buffered")},
        {QStringLiteral("synced"), QT_TRANSLATE_NOOP("ops::stateicons", "synced")},
    };
    const char *text = labels.value(state, nullptr);
    return text ? QCoreApplication::translate("ops::stateicons", text) : state;
}

QString explanation(const QString &state)
{
    if (state == QLatin1StringView("buffered"))
        return QCoreApplication::translate(
            "ops::stateicons", "Safe in the local buffer; not yet in the central database");
    if (state == QLatin1StringView("synced"))
        return QCoreApplication::translate("ops::stateicons",
                                           "The central database holds all of its changes");
    if (state == QLatin1StringView("failed"))
        return QCoreApplication::translate(
            "ops::stateicons", "Failed, or refused by the central database: see the Sync view");
    if (state == QLatin1StringView("waiting"))
        return QCoreApplication::translate("ops::stateicons",
                                           "Waiting for transfer: only at the telescope so far");
    if (state == QLatin1StringView("transferring"))
        return QCoreApplication::translate("ops::stateicons", "Being transferred to the archive");
    if (state == QLatin1StringView("archived"))
        return QCoreApplication::translate("ops::stateicons", "In the long-term archive");
    return label(state);
}

} // namespace ops::stateicons
