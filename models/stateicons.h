#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

/// One look for every state the console shows, the same in every view: the original system's
/// package icons (waiting = yellow hourglass, transferring = blue circle, archived = green check,
/// failed = red cross) extended to observations, staging jobs and the sync badge; aborted is a
/// stop square, so no two alarming states differ by colour alone.
namespace ops::stateicons {

enum class Theme
{
    Day,
    Night ///< dark and red-shifted, for the dark control room
};
/// Which theme colour() and icon() draw for (the window's palette is set beside it).
void setTheme(Theme theme);
Theme theme();

/// The colours of a drawn picture (the timeline) in the current theme.
struct Surface
{
    QColor paper;
    QColor paperAlternate;
    QColor ink;
    QColor grid;
};
Surface surface();

QIcon icon(const QString &state);
QColor colour(const QString &state);
/// The state in words for a person (translated).
QString label(const QString &state);
/// What the state means, for a tooltip.
QString explanation(const QString &state);

} // namespace ops::stateicons
