#pragma once

#include "config.h"

namespace ops {

/// `opsconsole token create|list|revoke`: returns the process exit status.
int runTokenCommand(const Config &config);

/// `opsconsole export-night --night D --format csv|pdf --out FILE`: returns the exit status.
int runExportCommand(const Config &config);

} // namespace ops
