#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

/// One look for every state the console shows, the same in every view: the original system's
/// package icons (waiting = yellow hourglass, transferring = blue circle, archived = green check,
/// failed = red cross) extended to observations, staging jobs and the sync badge.
namespace ops::stateicons {

QIcon icon(const QString &state);
QColor colour(const QString &state);
/// The state in words for a person (translated).
QString label(const QString &state);
/// What the state means, for a tooltip.
QString explanation(const QString &state);

} // namespace ops::stateicons
