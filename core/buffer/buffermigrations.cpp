#include "buffermigrations.h"

namespace ops {

namespace {
/// The outbox's columns after its seq, as created in version 1 and kept when version 4 rebuilt
/// it. Past migrations keep their text: a buffer of any age is brought up by the same steps.
const QLatin1StringView kOutboxColumnsV1(
    " id TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL, actor TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'pending'"
    "   CHECK (state IN ('pending', 'failed', 'applied', 'discarded')),"
    " created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT,"
    " last_error TEXT, applied_at TEXT, step_count INTEGER NOT NULL,"
    " record_count INTEGER NOT NULL, payload BLOB NOT NULL)");
/// The same with the state's check as comparisons: SQLite evaluates a CHECK's IN over more than
/// two constants by building a temporary index of them, for every row written: ~30,000
/// instructions of each acknowledged write, a tenth of the REST thread's work for a start.
const QLatin1StringView kOutboxColumns(
    " id TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL, actor TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'pending'"
    "   CHECK (state = 'pending' OR state = 'failed' OR state = 'applied' OR"
    "          state = 'discarded'),"
    " created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT,"
    " last_error TEXT, applied_at TEXT, step_count INTEGER NOT NULL,"
    " record_count INTEGER NOT NULL, payload BLOB NOT NULL)");
} // namespace

const QList<QStringList> &bufferMigrations()
{
    // Bookkeeping columns on every replicated table:
    //   sync_state  buffered | synced | failed, as reads report it
    //   last_tx     outbox.seq of the newest local transaction that touched the row
    //   origin_tx   outbox.seq of the local transaction that created it (idempotent creates)
    //   create_hash SHA-256 of the create request, to tell a safe retry from a reused id
    //   change_seq  central's change_seq of the version last pulled
    // Every index costs a page in each acknowledged write's fsync: the outbox has none besides
    // its seq (it is small and scanned; ids are looked up rarely), and observations, a few
    // hundred a night, live in their primary key (WITHOUT ROWID).
    static const QList<QStringList> migrations = {
        {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("INSERT INTO meta(key, value) VALUES ('console_id', "
                           "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' "
                           "|| substr(lower(hex(randomblob(2))), 2) || '-a' || "
                           "substr(lower(hex(randomblob(2))), 2) || '-' || "
                           "lower(hex(randomblob(6))))"),
            QStringLiteral("CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,") +
                kOutboxColumnsV1,
            QStringLiteral(
                "CREATE TABLE executed_obs_unit ("
                " id TEXT PRIMARY KEY, obs_unit_id INTEGER NOT NULL, site TEXT NOT NULL,"
                " status TEXT NOT NULL, start_time TEXT NOT NULL, end_time TEXT,"
                " obs_info TEXT NOT NULL DEFAULT '{}', mean_pwv REAL, mean_elevation REAL,"
                " operator TEXT NOT NULL, created_at TEXT, updated_at TEXT,"
                " sync_state TEXT NOT NULL DEFAULT 'synced', last_tx INTEGER, origin_tx INTEGER,"
                " create_hash TEXT, change_seq INTEGER) WITHOUT ROWID"),
            QStringLiteral(
                "CREATE INDEX eou_obs_unit ON executed_obs_unit(obs_unit_id, start_time)"),
            QStringLiteral("CREATE INDEX eou_start ON executed_obs_unit(start_time)"),
            QStringLiteral(
                "CREATE TABLE raw_data_package ("
                " id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                " executed_obs_unit_id TEXT NOT NULL, instrument_module TEXT NOT NULL,"
                " status TEXT NOT NULL, transfer_state TEXT,"
                " total_size_bytes INTEGER NOT NULL DEFAULT 0,"
                " file_count INTEGER NOT NULL DEFAULT 0, finalized_at TEXT,"
                " created_at TEXT, updated_at TEXT,"
                " sync_state TEXT NOT NULL DEFAULT 'synced', last_tx INTEGER, origin_tx INTEGER,"
                " create_hash TEXT, change_seq INTEGER)"),
            QStringLiteral("CREATE INDEX package_eou ON raw_data_package(executed_obs_unit_id)"),
            QStringLiteral(
                "CREATE TABLE raw_data_file ("
                " id TEXT PRIMARY KEY, executed_obs_unit_id TEXT NOT NULL,"
                " instrument_module TEXT NOT NULL, relative_path TEXT NOT NULL,"
                " size_bytes INTEGER NOT NULL, checksum TEXT NOT NULL,"
                " checksum_algorithm TEXT NOT NULL, file_type TEXT NOT NULL,"
                " raw_data_package_id TEXT, created_at TEXT, updated_at TEXT,"
                " sync_state TEXT NOT NULL DEFAULT 'synced', last_tx INTEGER, origin_tx INTEGER,"
                " create_hash TEXT, change_seq INTEGER,"
                " UNIQUE (executed_obs_unit_id, relative_path))"),
            QStringLiteral("CREATE INDEX file_package ON raw_data_file(raw_data_package_id)"),
            QStringLiteral(
                "CREATE TABLE staging_job ("
                " id TEXT PRIMARY KEY, destination TEXT NOT NULL, status TEXT NOT NULL,"
                " requested_by TEXT NOT NULL, reason TEXT, cancelled_by TEXT, cancel_reason TEXT,"
                " retry_count INTEGER NOT NULL DEFAULT 0, error_message TEXT,"
                " created_at TEXT, updated_at TEXT,"
                " sync_state TEXT NOT NULL DEFAULT 'synced', last_tx INTEGER, origin_tx INTEGER,"
                " create_hash TEXT, change_seq INTEGER)"),
            QStringLiteral(
                "CREATE TABLE staging_job_package ("
                " staging_job_id TEXT NOT NULL, raw_data_package_id TEXT NOT NULL,"
                " created_at TEXT, updated_at TEXT,"
                " sync_state TEXT NOT NULL DEFAULT 'synced', last_tx INTEGER, origin_tx INTEGER,"
                " create_hash TEXT, change_seq INTEGER,"
                " PRIMARY KEY (staging_job_id, raw_data_package_id))"),
            QStringLiteral("CREATE INDEX sjp_package ON staging_job_package(raw_data_package_id)"),
            QStringLiteral(
                "CREATE TABLE operator_action ("
                " id TEXT PRIMARY KEY, actor TEXT NOT NULL, action TEXT NOT NULL,"
                " target_table TEXT NOT NULL, target_id TEXT NOT NULL, reason TEXT,"
                " site TEXT, created_at TEXT, updated_at TEXT,"
                " sync_state TEXT NOT NULL DEFAULT 'synced', last_tx INTEGER, origin_tx INTEGER,"
                " create_hash TEXT, change_seq INTEGER)"),
            QStringLiteral("CREATE TABLE api_token ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
                           " token_sha256 TEXT NOT NULL UNIQUE, scopes TEXT NOT NULL,"
                           " created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT)"),
            QStringLiteral("CREATE UNIQUE INDEX api_token_active_name ON api_token(name)"
                           " WHERE revoked_at IS NULL"),
        },
        {
            // Central's version of each record as last pulled: the base under the pending local
            // changes. Discarding a transaction or pulling a record that still has local changes
            // rebuilds the merged row from here plus the transactions still pending.
            // record_id: the record a row belongs to (its id; for a staging link, the job's id).
            QStringLiteral("CREATE TABLE central_row ("
                           " table_name TEXT NOT NULL, key TEXT NOT NULL, record_id TEXT NOT NULL,"
                           " change_seq INTEGER NOT NULL, row TEXT NOT NULL,"
                           " PRIMARY KEY (table_name, key))"),
            QStringLiteral("CREATE INDEX central_row_record ON central_row(record_id)"),
            QStringLiteral(
                "CREATE TABLE sync_cursor (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
            // Applied transactions leave the outbox for this history, so the outbox holds only
            // what is still owed to central and is scanned without an index (one index fewer to
            // update in every acknowledged write).
            QStringLiteral("CREATE TABLE outbox_history ("
                           " seq INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL,"
                           " summary TEXT NOT NULL, actor TEXT NOT NULL, created_at TEXT NOT NULL,"
                           " applied_at TEXT NOT NULL, attempts INTEGER NOT NULL, record_count "
                           "INTEGER NOT NULL)"),
        },
        {
            // The backlog over time (the sync view's plot): sampled by the sync engine each minute.
            QStringLiteral(
                "CREATE TABLE backlog_sample (at TEXT PRIMARY KEY, pending INTEGER NOT NULL,"
                " failed INTEGER NOT NULL, oldest_age_s REAL NOT NULL)"),
        },
        {
            // The outbox without AUTOINCREMENT: that kept its counter in sqlite_sequence, one more
            // page in every acknowledged write's fsync (~25 us of a ~250 us start). Outbox::append
            // now numbers a transaction itself, after the highest number in the outbox and its
            // history together: a number leaves the outbox only for the history, so that is the
            // highest ever given.
            QStringLiteral("CREATE TABLE outbox_numbered (seq INTEGER PRIMARY KEY,") +
                kOutboxColumnsV1,
            QStringLiteral("INSERT INTO outbox_numbered SELECT * FROM outbox"),
            QStringLiteral("DROP TABLE outbox"),
            QStringLiteral("ALTER TABLE outbox_numbered RENAME TO outbox"),
        },
        {
            // The state's check without IN (see kOutboxColumns); the rows are kept as they are.
            QStringLiteral("CREATE TABLE outbox_checked (seq INTEGER PRIMARY KEY,") +
                kOutboxColumns,
            QStringLiteral("INSERT INTO outbox_checked SELECT * FROM outbox"),
            QStringLiteral("DROP TABLE outbox"),
            QStringLiteral("ALTER TABLE outbox_checked RENAME TO outbox"),
        },
        {
            // The observations that hold a file of 1 TiB or more: only their registrations need
            // the sum of all their files to refuse a total past 2^63 - 1 (Operations). Files that
            // size are rare, so the index costs the usual insert nothing but a comparison.
            QStringLiteral("CREATE INDEX file_large ON raw_data_file(executed_obs_unit_id) WHERE "
                           "size_bytes >= 1099511627776"),
        },
    };
    return migrations;
}

} // namespace ops
