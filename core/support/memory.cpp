#include "memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ops::memory {

void configureAllocator()
{
#if defined(__GLIBC__)
    // Few heaps for many threads: each heap keeps what a burst left in it until trimmed.
    mallopt(M_ARENA_MAX, 2);
    // Blocks of 8 MiB and more (a bulk's body, rows and payload, the sync engine's copy of them)
    // are mapped on their own and go back to the system when freed. glibc's default threshold
    // rises to the largest block freed, after which a 24 MB body came from a heap and stayed in
    // it: three 100,000-file bulks with sync running peaked at 170-179 MiB, now 129-135 (three
    // runs each of bench_buffer (f)). Below 8 MiB blocks stay in the heaps: with a threshold of
    // 1-4 MiB the ~4 MB buffers of a GET of 10,000 files fault in fresh pages and the GET took
    // 30-90 % longer; at 8 MiB (e) did not change (1.13-1.18 against 0.87-1.31).
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
#endif
}

void releaseAfterBurst(qint64 bytes)
{
    constexpr qint64 kBurstBytes = 4LL << 20;
    if (bytes < kBurstBytes)
        return;
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace ops::memory
