#pragma once

#include "config.h"

namespace ops {

/// `opsconsole token create|list|revoke`: returns the process exit status.
int runTokenCommand(const Config &config);

} // namespace ops
