#pragma once

#include <QtGlobal>

namespace ops::memory {

/// Sets the allocator up for a long-running console that sees rare large bursts (a bulk of
/// 100,000 files is ~25 MB of JSON, ~16 MB of rows and a payload as large as the rows): at most
/// two heaps serve the many threads, so that releaseAfterBurst() has few to trim, and blocks of
/// 8 MiB and more are mapped on their own, so that they go back to the system when freed.
/// glibc's defaults keep such a burst resident for good. Call once, first thing.
void configureAllocator();

/// Returns the freed pages of the allocator's heaps to the system. Cheap relative to the work
/// it follows; call after a burst (`bytes` of it), not per request: below ~4 MiB it does nothing.
void releaseAfterBurst(qint64 bytes);

} // namespace ops::memory
