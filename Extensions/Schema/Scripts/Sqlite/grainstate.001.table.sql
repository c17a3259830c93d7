-- Grain state of the project's own SQLite grain storage (Granary.Extensions.Sqlite.SqliteGrainStorage).
-- One row per (service, state name, grain); version is the ETag, bumped by every write.
CREATE TABLE IF NOT EXISTS granary_grain_state (
    service_id  TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    grain_id    TEXT    NOT NULL,
    payload     BLOB    NOT NULL,
    version     INTEGER NOT NULL,
    modified_at TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_id)
) WITHOUT ROWID;
