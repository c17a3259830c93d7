-- Durable stream queues (Granary.Extensions.Streaming): the embedded default. SQLite has one writer at a time,
-- so ids commit in id order; AUTOINCREMENT never reuses the id of a deleted row.
CREATE TABLE IF NOT EXISTS granary_stream_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    queue_id INTEGER NOT NULL,
    stream_id TEXT NOT NULL,
    payload BLOB NOT NULL,
    enqueued_at TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_granary_stream_events_queue ON granary_stream_events (provider, queue_id, id);

CREATE TABLE IF NOT EXISTS granary_stream_dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    queue_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    stream_id TEXT NOT NULL,
    consumer TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    exception TEXT NOT NULL,
    payload BLOB NOT NULL,
    dead_lettered_at TEXT NOT NULL,
    UNIQUE (provider, queue_id, event_id, consumer)
);
