#include "centralschema.h"

#include "pgconnection.h"

#include <QList>
#include <QScopeGuard>

namespace ops::centralschema {

namespace {

// Never edit a published migration; append a new one.
const QList<QByteArray> &migrations()
{
    static const QList<QByteArray> all = {
        R"SQL(
CREATE SCHEMA IF NOT EXISTS opsdb;
CREATE SEQUENCE opsdb.change_seq;

CREATE FUNCTION opsdb.stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('opsdb.change_seq');
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := coalesce(NEW.created_at, now());
    NEW.updated_at := coalesce(NEW.updated_at, NEW.created_at);
  ELSIF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION opsdb.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opsdb_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;

-- Raised when a replayed step finds central in another state than the console assumed: the
-- message says what central holds, and the console dead-letters the transaction with it.
CREATE FUNCTION opsdb.require_state(matched bigint, wanted bigint, tbl text, ids uuid[], col text, allowed text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  rid uuid;
  cur text;
  present boolean;
BEGIN
  IF matched = wanted THEN RETURN; END IF;
  FOREACH rid IN ARRAY ids LOOP
    EXECUTE format('SELECT true, %I::text FROM opsdb.%I WHERE id = $1', coalesce(col, 'id'), tbl)
      INTO present, cur USING rid;
    IF present IS NULL THEN
      RAISE EXCEPTION '% % does not exist in central', tbl, rid USING ERRCODE = 'P0002';
    END IF;
    IF col IS NOT NULL THEN
      RAISE EXCEPTION '% % has % = % in central; this change needs % to be %',
        tbl, rid, col, coalesce(cur, 'null'), col, allowed USING ERRCODE = 'P0001';
    END IF;
  END LOOP;
  RAISE EXCEPTION '% changed % of % rows', tbl, matched, wanted USING ERRCODE = 'P0001';
END $$;

CREATE TABLE opsdb.executed_obs_unit (
  id uuid PRIMARY KEY,
  obs_unit_id integer NOT NULL CHECK (obs_unit_id > 0),
  site text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'aborted')),
  start_time timestamptz NOT NULL,
  end_time timestamptz CHECK (end_time IS NULL OR end_time >= start_time),
  obs_info jsonb NOT NULL DEFAULT '{}',
  mean_pwv double precision CHECK (mean_pwv IS NULL OR mean_pwv >= 0),
  mean_elevation double precision CHECK (mean_elevation IS NULL OR mean_elevation BETWEEN 0 AND 90),
  operator text NOT NULL,
  created_at timestamptz, updated_at timestamptz, change_seq bigint
);
CREATE INDEX ON opsdb.executed_obs_unit (obs_unit_id);
CREATE INDEX ON opsdb.executed_obs_unit (start_time);
CREATE INDEX ON opsdb.executed_obs_unit (change_seq);

CREATE TABLE opsdb.raw_data_package (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  executed_obs_unit_id uuid NOT NULL REFERENCES opsdb.executed_obs_unit (id),
  instrument_module text NOT NULL,
  status text NOT NULL CHECK (status IN ('building', 'complete')),
  transfer_state text CHECK (transfer_state IS NULL OR transfer_state IN ('waiting', 'transferring', 'archived', 'failed')),
  total_size_bytes bigint NOT NULL DEFAULT 0 CHECK (total_size_bytes >= 0),
  file_count integer NOT NULL DEFAULT 0,
  finalized_at timestamptz,
  created_at timestamptz, updated_at timestamptz, change_seq bigint
);
CREATE INDEX ON opsdb.raw_data_package (executed_obs_unit_id);
CREATE INDEX ON opsdb.raw_data_package (change_seq);

CREATE TABLE opsdb.raw_data_file (
  id uuid PRIMARY KEY,
  executed_obs_unit_id uuid NOT NULL REFERENCES opsdb.executed_obs_unit (id),
  instrument_module text NOT NULL,
  relative_path text NOT NULL CHECK (relative_path !~ '^([/\\]|[A-Za-z]:)' AND relative_path !~ '(^|[/\\])\.\.([/\\]|$)'),
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  checksum text NOT NULL,
  checksum_algorithm text NOT NULL DEFAULT 'sha256',
  file_type text NOT NULL,
  raw_data_package_id uuid REFERENCES opsdb.raw_data_package (id),
  created_at timestamptz, updated_at timestamptz, change_seq bigint,
  UNIQUE (executed_obs_unit_id, relative_path),
  CHECK ((checksum_algorithm = 'sha256' AND checksum ~ '^[0-9a-f]{64}$')
      OR (checksum_algorithm = 'md5' AND checksum ~ '^[0-9a-f]{32}$'))
);
CREATE INDEX ON opsdb.raw_data_file (raw_data_package_id);
CREATE INDEX ON opsdb.raw_data_file (change_seq);

CREATE TABLE opsdb.staging_job (
  id uuid PRIMARY KEY,
  destination text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'scheduled', 'in_progress', 'completed', 'failed', 'cancelled')),
  requested_by text NOT NULL,
  reason text,
  cancelled_by text,
  cancel_reason text,
  retry_count integer NOT NULL DEFAULT 0,
  error_message text,
  created_at timestamptz, updated_at timestamptz, change_seq bigint
);
CREATE INDEX ON opsdb.staging_job (change_seq);

CREATE TABLE opsdb.staging_job_package (
  staging_job_id uuid NOT NULL REFERENCES opsdb.staging_job (id),
  raw_data_package_id uuid NOT NULL REFERENCES opsdb.raw_data_package (id),
  created_at timestamptz, updated_at timestamptz, change_seq bigint,
  PRIMARY KEY (staging_job_id, raw_data_package_id)
);
CREATE INDEX ON opsdb.staging_job_package (change_seq);

CREATE TABLE opsdb.applied_transaction (
  id uuid PRIMARY KEY,
  site text NOT NULL,
  console_id text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  step_count integer NOT NULL,
  kind text,
  created_at timestamptz, updated_at timestamptz, change_seq bigint
);

CREATE TABLE opsdb.operator_action (
  id uuid PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  target_table text NOT NULL,
  target_id text NOT NULL,
  reason text,
  site text,
  created_at timestamptz, updated_at timestamptz, change_seq bigint
);
CREATE INDEX ON opsdb.operator_action (change_seq);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['executed_obs_unit', 'raw_data_package', 'raw_data_file', 'staging_job',
                           'staging_job_package', 'applied_transaction', 'operator_action'] LOOP
    EXECUTE format('CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON opsdb.%I
                    FOR EACH ROW EXECUTE FUNCTION opsdb.stamp_change()', t);
    EXECUTE format('CREATE TRIGGER notify_change AFTER INSERT OR UPDATE ON opsdb.%I
                    FOR EACH STATEMENT EXECUTE FUNCTION opsdb.notify_change()', t);
  END LOOP;
END $$;
)SQL",
        // 2: a transaction takes its id before its change number. A puller that finds a number
        // missing then knows whoever took it is among the transactions running at that moment
        // (pg_current_snapshot), and waits exactly until those have ended (CentralPuller).
        R"SQL(
CREATE OR REPLACE FUNCTION opsdb.stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_current_xact_id();
  NEW.change_seq := nextval('opsdb.change_seq');
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := coalesce(NEW.created_at, now());
    NEW.updated_at := coalesce(NEW.updated_at, NEW.created_at);
  ELSIF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;
)SQL",
    };
    return all;
}

} // namespace

int latestVersion()
{
    return static_cast<int>(migrations().size());
}

Result<int> currentVersion(PgConnection &connection)
{
    const auto exists = connection.query("SELECT to_regclass('opsdb.schema_version') IS NOT NULL");
    if (!exists)
        return unavailable(QStringLiteral("central: %1").arg(connection.lastError()));
    if (exists->value(0).value(0) != QLatin1StringView("t"))
        return 0;
    const auto rows =
        connection.query("SELECT coalesce(max(version), 0) FROM opsdb.schema_version");
    if (!rows)
        return unavailable(QStringLiteral("central: %1").arg(connection.lastError()));
    return rows->value(0).value(0).toInt();
}

Status migrate(PgConnection &connection)
{
    // One console migrates at a time; the others wait and then find nothing left to do.
    if (!connection.exec("SELECT pg_advisory_lock(727001)"))
        return unavailable(QStringLiteral("central: %1").arg(connection.lastError()));
    const auto unlock = qScopeGuard([&] { connection.exec("SELECT pg_advisory_unlock(727001)"); });
    auto current = currentVersion(connection);
    if (!current)
        return current.error();
    if (current.value() > latestVersion())
        return unavailable(
            QStringLiteral("central schema is at version %1, newer than this program's %2")
                .arg(current.value())
                .arg(latestVersion()));
    for (int version = current.value() + 1; version <= latestVersion(); ++version) {
        QByteArray sql =
            "BEGIN;\nCREATE SCHEMA IF NOT EXISTS opsdb;\n"
            "CREATE TABLE IF NOT EXISTS opsdb.schema_version (version integer PRIMARY KEY, "
            "applied_at timestamptz NOT NULL DEFAULT now());\n";
        sql += migrations()[version - 1];
        sql += "\nINSERT INTO opsdb.schema_version (version) VALUES (" +
               QByteArray::number(version) + ");\nCOMMIT;";
        if (!connection.exec(sql)) {
            const QString error = connection.lastError();
            connection.exec("ROLLBACK");
            return unavailable(
                QStringLiteral("central migration %1 failed: %2").arg(version).arg(error));
        }
    }
    return success();
}

} // namespace ops::centralschema
