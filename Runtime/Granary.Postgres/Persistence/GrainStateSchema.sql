-- Granary grain state: the table of the PostgreSQL grain storage provider.
--
-- Apply by hand (the schema must exist):
--   psql -v schema=public -v table=granary_grain_state -f GrainStateSchema.sql
-- Silos run this same file at start unless PostgresGrainStorageOptions.CreateSchema is false, putting the
-- configured Schema and TableName where :"schema" and :"table" stand. It is safe to run repeatedly and from
-- several silos at once (the advisory lock serializes concurrent runs).
--
-- One row per (grain type, grain key, state name). version is the ETag: every write and every clear adds one.
-- Clearing keeps the row with a NULL payload (a tombstone), so versions never restart and a writer holding
-- an old version can never bring old data back. payload holds the serializer's bytes; when payload_format
-- is 'json' they are UTF-8 JSON, readable with: SELECT convert_from(payload, 'UTF8')::jsonb FROM ...
-- (bytea rather than jsonb because jsonb rejects strings containing \u0000 and would reorder members).

BEGIN;

SELECT pg_advisory_xact_lock(hashtext('granary.grain_state.schema'));

CREATE TABLE IF NOT EXISTS :"schema".:"table" (
    grain_type     text        NOT NULL,
    grain_key      text        NOT NULL,
    state_name     text        NOT NULL,
    version        bigint      NOT NULL,
    payload        bytea       NULL,
    payload_format text        NOT NULL,
    modified_at    timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key, state_name)
);

COMMIT;
