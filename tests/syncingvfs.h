#pragma once
// A SQLite VFS that counts the syncs its files make and otherwise is the default one. Registered
// as the default for the test's lifetime, it sees every connection the process opens (QtSql's
// SQLite driver links the same libsqlite3): what durability a write paid for is observed, not
// assumed.

#include <sqlite3.h>

#include <atomic>

namespace testsupport {

class SyncingVfs
{
public:
    SyncingVfs()
    {
        s_real = sqlite3_vfs_find(nullptr);
        m_vfs = *s_real;
        m_vfs.zName = "counting-syncs";
        m_vfs.szOsFile = static_cast<int>(sizeof(File)) + s_real->szOsFile;
        m_vfs.xOpen = &open;
        sqlite3_vfs_register(&m_vfs, 1);
    }
    ~SyncingVfs()
    {
        sqlite3_vfs_unregister(&m_vfs);
        sqlite3_vfs_register(s_real, 1);
    }
    SyncingVfs(const SyncingVfs &) = delete;
    SyncingVfs &operator=(const SyncingVfs &) = delete;

    /// Syncs of any file (database, WAL) since the VFS was registered.
    static int syncs() { return s_syncs; }

private:
    static inline sqlite3_vfs *s_real = nullptr;
    static inline std::atomic<int> s_syncs{0};

    struct File
    {
        sqlite3_file base;
        sqlite3_file *real; // right after this struct, in the same allocation
    };
    static sqlite3_file *real(sqlite3_file *f) { return reinterpret_cast<File *>(f)->real; }

    static int open(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
    {
        File *file = reinterpret_cast<File *>(f);
        file->real = reinterpret_cast<sqlite3_file *>(file + 1);
        const int rc = s_real->xOpen(s_real, name, file->real, flags, out);
        // Only a file opened with methods may be closed: SQLite calls none of them otherwise.
        file->base.pMethods = file->real->pMethods ? &s_methods : nullptr;
        return rc;
    }

    // clang-format off
    static inline const sqlite3_io_methods s_methods = {
        3,
        [](sqlite3_file *f) { return real(f)->pMethods->xClose(real(f)); },
        [](sqlite3_file *f, void *p, int n, sqlite3_int64 o) { return real(f)->pMethods->xRead(real(f), p, n, o); },
        [](sqlite3_file *f, const void *p, int n, sqlite3_int64 o) { return real(f)->pMethods->xWrite(real(f), p, n, o); },
        [](sqlite3_file *f, sqlite3_int64 n) { return real(f)->pMethods->xTruncate(real(f), n); },
        [](sqlite3_file *f, int flags) { ++s_syncs; return real(f)->pMethods->xSync(real(f), flags); },
        [](sqlite3_file *f, sqlite3_int64 *n) { return real(f)->pMethods->xFileSize(real(f), n); },
        [](sqlite3_file *f, int l) { return real(f)->pMethods->xLock(real(f), l); },
        [](sqlite3_file *f, int l) { return real(f)->pMethods->xUnlock(real(f), l); },
        [](sqlite3_file *f, int *r) { return real(f)->pMethods->xCheckReservedLock(real(f), r); },
        [](sqlite3_file *f, int op, void *a) { return real(f)->pMethods->xFileControl(real(f), op, a); },
        [](sqlite3_file *f) { return real(f)->pMethods->xSectorSize(real(f)); },
        [](sqlite3_file *f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); },
        [](sqlite3_file *f, int i, int n, int e, void volatile **p) { return real(f)->pMethods->xShmMap(real(f), i, n, e, p); },
        [](sqlite3_file *f, int o, int n, int fl) { return real(f)->pMethods->xShmLock(real(f), o, n, fl); },
        [](sqlite3_file *f) { real(f)->pMethods->xShmBarrier(real(f)); },
        [](sqlite3_file *f, int d) { return real(f)->pMethods->xShmUnmap(real(f), d); },
        [](sqlite3_file *f, sqlite3_int64 o, int n, void **p) { return real(f)->pMethods->xFetch(real(f), o, n, p); },
        [](sqlite3_file *f, sqlite3_int64 o, void *p) { return real(f)->pMethods->xUnfetch(real(f), o, p); },
    };
    // clang-format on

    sqlite3_vfs m_vfs{};
};

} // namespace testsupport
