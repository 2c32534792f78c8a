#pragma once

#include "buffer.h"
#include "operations.h"

#include <QDate>
#include <QTimeZone>

namespace ops {

/// A simulated night for `opsconsole --demo` and training: the latest whole night (20:00 to
/// 06:00 site time) whose dark hours are over, the same rows at any hour (202 observations over
/// four instrument modules, 23,345 files, packages and staging jobs in every state). Most of it
/// is written as rows central already holds (as a pull would bring them); a last observation is
/// still buffered, and one finish is dead-lettered with the reason central gave (central had
/// the observation aborted, and says so once the finish is discarded). The backlog history ends
/// in the buffer's real counts. Only ever on the demo buffer.
struct DemoNight
{
    QDate night; ///< the night shown (noon to noon in `zone`)
    int observations = 0;
    int files = 0;
};

Result<DemoNight> fillDemoNight(Buffer &buffer, const SiteSettings &site, const QTimeZone &zone,
                                qint64 nowMicros);

} // namespace ops
