#pragma once

#include <QString>

namespace ops::walcheck {

/// What a write-ahead log file holds, judged by SQLite's own rules (sqlite.org/fileformat2.html,
/// "WAL file format"): frames count only while their salts match the header and their running
/// checksum holds; SQLite replays up to the last commit frame of that valid run and silently
/// ignores the rest. Read before SQLite opens the database, so a damaged WAL is noticed instead of
/// being reset with acknowledged work in it.
struct Report
{
    qint64 fileBytes = 0;
    qint64 validCommits = 0; ///< transactions SQLite will replay
    qint64 lostCommits = 0;  ///< commit frames of this WAL generation beyond the first break
    /// The file ends inside a frame of this generation, other than right after a frame header
    /// (where a kill between SQLite's two writes of a frame leaves it).
    bool partialTail = false;
    bool headerDamaged = false;
    /// Whether committed work would be lost: what is beyond a break in this generation cannot
    /// be a leftover of an earlier one (those carry other salts), and with synchronous=FULL
    /// every acknowledged commit was complete on disk.
    bool damaged() const { return lostCommits > 0 || partialTail || headerDamaged; }
    QString describe() const;
};

/// Examines `walPath` (which may be missing or empty: nothing to say).
Report examine(const QString &walPath);

} // namespace ops::walcheck
