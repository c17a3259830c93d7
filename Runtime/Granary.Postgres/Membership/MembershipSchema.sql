-- Granary cluster membership: the tables of the PostgreSQL clustering provider.
--
-- Apply by hand (the schema must exist):
--   psql -v schema=public -v table=granary_membership -v version_table=granary_membership_version -f MembershipSchema.sql
-- Silos run this same file at start unless PostgresClusteringOptions.CreateSchema is false, putting the configured
-- Schema, TableName and TableName_version where :"schema", :"table" and :"version_table" stand. It is safe to run
-- repeatedly and from several silos at once (the advisory lock serializes concurrent runs).
--
-- Several clusters may share the tables: every row carries its cluster_id.
-- :"version_table" holds one row per cluster: the table version, bumped by every insert or update of a silo row in
-- the same transaction (compare-and-swap on version), so concurrent writers of a cluster are serialized.
-- :"table" holds one row per silo run (host, port, generation). version is the row etag, bumped by every update except
-- IAmAlive writes. status is Granary.Membership.SiloStatus (1 Joining, 2 Active, 3 ShuttingDown, 4 Stopping, 5 Dead).
-- suspect_times is a jsonb array of votes, oldest first: [{"silo": "10.0.0.7:11111@638...", "at": "2026-01-01T00:00:03Z"}].

BEGIN;

SELECT pg_advisory_xact_lock(hashtext('granary.membership.schema'));

CREATE TABLE IF NOT EXISTS :"schema".:"version_table" (
    cluster_id  text        NOT NULL PRIMARY KEY,
    version     integer     NOT NULL,
    modified_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS :"schema".:"table" (
    cluster_id    text        NOT NULL,
    host          text        NOT NULL,
    port          integer     NOT NULL,
    generation    bigint      NOT NULL,
    silo_name     text        NOT NULL,
    host_name     text        NOT NULL,
    status        smallint    NOT NULL,
    gateway_port  integer     NULL,
    start_time    timestamptz NOT NULL,
    iamalive_time timestamptz NOT NULL,
    suspect_times jsonb       NOT NULL DEFAULT '[]',
    version       integer     NOT NULL,
    PRIMARY KEY (cluster_id, host, port, generation)
);

COMMIT;
