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
    Play,
    Slash
};

struct Look
{
    Shape shape;
    QColor colour;
};

Look lookOf(const QString &state)
{
    static const QHash<QString, Look> looks{
        {QStringLiteral("waiting"), {Shape::Hourglass, QColor(0xc9, 0x9a, 0x00)}},
        {QStringLiteral("pending"), {Shape::Hourglass, QColor(0xc9, 0x9a, 0x00)}},
        {QStringLiteral("buffered"), {Shape::Hourglass, QColor(0xc9, 0x9a, 0x00)}},
        {QStringLiteral("building"), {Shape::Hourglass, QColor(0x70, 0x70, 0x70)}},
        {QStringLiteral("scheduled"), {Shape::Circle, QColor(0x7f, 0xa7, 0xd9)}},
        {QStringLiteral("transferring"), {Shape::Circle, QColor(0x1f, 0x6f, 0xd0)}},
        {QStringLiteral("in_progress"), {Shape::Circle, QColor(0x1f, 0x6f, 0xd0)}},
        {QStringLiteral("running"), {Shape::Play, QColor(0x1f, 0x6f, 0xd0)}},
        {QStringLiteral("archived"), {Shape::Check, QColor(0x1e, 0x8c, 0x3a)}},
        {QStringLiteral("complete"), {Shape::Check, QColor(0x1e, 0x8c, 0x3a)}},
        {QStringLiteral("completed"), {Shape::Check, QColor(0x1e, 0x8c, 0x3a)}},
        {QStringLiteral("synced"), {Shape::Check, QColor(0x1e, 0x8c, 0x3a)}},
        {QStringLiteral("applied"), {Shape::Check, QColor(0x1e, 0x8c, 0x3a)}},
        {QStringLiteral("failed"), {Shape::Cross, QColor(0xc6, 0x28, 0x28)}},
        {QStringLiteral("aborted"), {Shape::Cross, QColor(0xd9, 0x6c, 0x00)}},
        {QStringLiteral("cancelled"), {Shape::Slash, QColor(0x70, 0x70, 0x70)}},
        {QStringLiteral("discarded"), {Shape::Slash, QColor(0x70, 0x70, 0x70)}},
    };
    return looks.value(state, Look{Shape::Circle, QColor(0xa0, 0xa0, 0xa0)});
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

QIcon icon(const QString &state)
{
    static QHash<QString, QIcon> cache;
    auto found = cache.find(state);
    if (found == cache.end()) {
        QIcon made;
        for (int size : {16, 24, 32})
            made.addPixmap(draw(lookOf(state), size));
        found = cache.insert(state, made);
    }
    return *found;
}

QColor colour(const QString &state)
{
    return lookOf(state).colour.darker(115);
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
