-- Granary durable streams: the tables of the PostgreSQL stream provider.
--
-- Apply by hand (the schema must exist):
--   psql -v schema=public -f StreamQueueSchema.sql
-- Silos run this same file at start unless PostgresStreamOptions.CreateSchema is false, putting the configured
-- Schema where :"schema" stands (clients never do). It is safe to run repeatedly and from several silos at once
-- (the advisory lock serializes concurrent runs). Several stream providers share the tables: every row carries
-- its provider name.
--
-- granary_stream_events: the queues, one row per event not yet handled. (provider, queue_id) is one queue and seq
--   orders it. seq comes from one identity sequence with CACHE 1: every nextval is taken from the shared sequence,
--   so an event enqueued after another enqueue returned always gets a larger seq (a per-session cache would hand
--   out older, smaller numbers to another session and break per-stream order). The lease holder reads the lowest
--   seqs of its queue and deletes what it has handled (the checkpoint), in the same transaction that locks its
--   lease row and checks its epoch; nothing else deletes events. payload holds the wire format of the item
--   (Granary.Runtime/Serialization/Wire/WireFormat.md), written as `object` so its type travels with it.
-- granary_stream_leases: one row per queue: the silo draining it (owner, NULL once released), epoch (incremented
--   whenever the lease is taken rather than renewed, so the previous holder's checkpoints fail) and expires_at
--   (the database clock, so silos' clocks never need to agree).
-- granary_stream_dead_letters: events a consumer still failed on after its attempts, one row per (event,
--   consumer); a second record of the same pair (a re-delivery after a lease takeover) is ignored.

BEGIN;

SELECT pg_advisory_xact_lock(hashtext('granary.streams.schema'));

CREATE TABLE IF NOT EXISTS :"schema".granary_stream_events (
    provider         text        NOT NULL,
    queue_id         integer     NOT NULL,
    seq              bigint      GENERATED ALWAYS AS IDENTITY (CACHE 1),
    stream_namespace text        NOT NULL,
    stream_key       text        NOT NULL,
    payload          bytea       NOT NULL,
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, queue_id, seq)
);

-- A queue table churns (every row is inserted once and deleted once): vacuum and analyze it by row count, not by
-- a fraction of its size, so dead rows do not pile up and the planner's statistics follow the backlog.
ALTER TABLE :"schema".granary_stream_events SET (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 10000);

CREATE TABLE IF NOT EXISTS :"schema".granary_stream_leases (
    provider   text        NOT NULL,
    queue_id   integer     NOT NULL,
    owner      text        NULL,
    epoch      bigint      NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (provider, queue_id)
);

CREATE TABLE IF NOT EXISTS :"schema".granary_stream_dead_letters (
    provider         text        NOT NULL,
    queue_id         integer     NOT NULL,
    seq              bigint      NOT NULL,
    stream_namespace text        NOT NULL,
    stream_key       text        NOT NULL,
    consumer         text        NOT NULL,
    payload          bytea       NOT NULL,
    error            text        NOT NULL,
    attempts         integer     NOT NULL,
    failed_at        timestamptz NOT NULL,
    PRIMARY KEY (provider, queue_id, seq, consumer)
);

COMMIT;
