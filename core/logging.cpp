#include "logging.h"

Q_LOGGING_CATEGORY(lcBuffer, "ops.buffer")
Q_LOGGING_CATEGORY(lcHttp, "ops.http")
Q_LOGGING_CATEGORY(lcSync, "ops.sync")
Q_LOGGING_CATEGORY(lcApp, "ops.app")
