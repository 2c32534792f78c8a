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
    // it: three 100,000-file bulks with sync running peaked at 170-179 MiB, now 137-139 (three
    // runs each of bench_buffer (f)). Fixing the threshold also fixes the trim threshold, at
    // 128 KiB unless set: the heap's top was then handed back after every GET of 10,000 files
    // and faulted in again by the next (the GET took ~20% longer); 16 MiB of free top is kept
    // ((e) 0.95-1.03, as without either setting; with 32 MiB the peak was 142-145 MiB).
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
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
