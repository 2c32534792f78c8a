#pragma once

#include "recordquery.h"
#include "timestamps.h"

namespace ops::deskqueries {

/// The queries behind the desk's views: what each shows, how it is ordered, what the filter box
/// searches and which quick status filters it offers. The benchmark reads the same ones.

/// The night's observations, oldest start first, each with its files, data, packages and modules.
/// With `stillRunning` (tonight's view), also the observations begun before the night that are
/// still running: at the noon roll-over they stay in view until finished.
RecordQuery nightLog(const timestamps::Window &night, bool stillRunning = false);
/// Files, newest registration first, within a registration in path order; `observationId`
/// narrows to one observation.
RecordQuery files(const QString &observationId = {});
/// Packages, newest first; `observationId` narrows to one observation.
RecordQuery packages(const QString &observationId = {});
/// Staging jobs, newest first, with the names and number of their packages.
RecordQuery stagingJobs();
/// What is still owed to central, and what it refused, in acknowledgment order.
RecordQuery transactions();
/// The operator actions, newest first, with a readable target.
RecordQuery audit();

} // namespace ops::deskqueries
