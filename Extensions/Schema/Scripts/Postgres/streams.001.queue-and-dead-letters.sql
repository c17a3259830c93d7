-- Durable stream queues (Granary.Extensions.Streaming). A row is one published batch of events; it is deleted once
-- the pulling agent has delivered it. Receivers read by increasing id per (provider, queue_id); writers take a
-- per-queue advisory lock before nextval so ids commit in id order.
CREATE TABLE IF NOT EXISTS granary_stream_events (
    id bigserial NOT NULL,
    provider varchar(150) NOT NULL,
    queue_id bigint NOT NULL,
    stream_id text NOT NULL,
    payload bytea NOT NULL,
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, queue_id, id)
);

-- Poison events: moved here after MaxDeliveryAttempts, with the consumer's exception text.
CREATE TABLE IF NOT EXISTS granary_stream_dead_letters (
    id bigserial PRIMARY KEY,
    provider varchar(150) NOT NULL,
    queue_id bigint NOT NULL,
    event_id bigint NOT NULL,
    stream_id text NOT NULL,
    consumer text NOT NULL,
    attempts integer NOT NULL,
    exception text NOT NULL,
    payload bytea NOT NULL,
    dead_lettered_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, queue_id, event_id, consumer)
);
