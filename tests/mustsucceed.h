#pragma once
// For benchmarks and tools, which have no test framework to report to: a setup step that fails
// ends the program with its message, so nothing is measured or pictured on a broken setup.

#include "pgconnection.h"
#include "result.h"

#include <QtGlobal>

#include <utility>

namespace testsupport {

template <typename T> T mustSucceed(ops::Result<T> result, const char *what)
{
    if (!result)
        qFatal("%s failed: %s", what, qPrintable(result.error().message));
    return std::move(result).value();
}

/// The same for a step on central: `ok` is what the PgConnection call returned.
inline void mustSucceed(bool ok, const ops::PgConnection &pg, const char *what)
{
    if (!ok)
        qFatal("%s failed: %s", what, qPrintable(pg.lastError()));
}

} // namespace testsupport
