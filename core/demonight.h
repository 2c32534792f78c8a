#pragma once

#include "buffer.h"
#include "operations.h"

#include <QDate>
#include <QTimeZone>

namespace ops {

/// A simulated night for `opsconsole --demo` and training: several instrument modules, a few
/// hundred observations, tens of thousands of files, packages and staging jobs in every state.
/// Most of it is written as rows central already holds (as a pull would bring them); the last
/// hour's work is still pending, and one change is dead-lettered with the reason central gave,
/// so every part of the console has something real to show. Only ever on the demo buffer.
struct DemoNight
{
    QDate night; ///< the night shown (noon to noon in `zone`)
    int observations = 0;
    int files = 0;
};

Result<DemoNight> fillDemoNight(Buffer &buffer, const SiteSettings &site, const QTimeZone &zone,
                                qint64 nowMicros);

} // namespace ops
