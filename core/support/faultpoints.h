#pragma once

namespace ops {

/// Crash injection for the sync tests. When OPSCONSOLE_FAULT names this point (a comma-separated
/// list; "name@N" fires on the Nth pass), the process kills itself with SIGKILL right here, as a
/// power cut would. Without the variable it costs one branch.
void faultPoint(const char *name);

} // namespace ops
