-- Granary reminders: the table of the PostgreSQL reminder provider.
--
-- Apply by hand (the schema must exist):
--   psql -v schema=public -v table=granary_reminders -f ReminderSchema.sql
-- Silos run this same file at start unless PostgresReminderOptions.CreateSchema is false, putting the configured
-- Schema and TableName where :"schema" and :"table" stand. It is safe to run repeatedly and from several silos at
-- once (the advisory lock serializes concurrent runs).
--
-- Several clusters may share the table: every row carries its cluster_id, like the membership table's.
-- One row per (grain, reminder name): grain_hash is the grain id's stable hash (GrainId.GetUniformHashCode), start_at
-- the first tick, period_ms the period in milliseconds. version is the row etag: a new row starts at a random
-- version and every upsert adds one, so a handle of a removed registration never matches a later one.

BEGIN;

SELECT pg_advisory_xact_lock(hashtext('granary.reminders.schema'));

CREATE TABLE IF NOT EXISTS :"schema".:"table" (
    cluster_id    text        NOT NULL,
    grain_type    text        NOT NULL,
    grain_key     text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    bigint      NOT NULL,
    start_at      timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    version       bigint      NOT NULL,
    modified_at   timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, grain_type, grain_key, reminder_name)
);

COMMIT;
