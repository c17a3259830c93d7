namespace Granary.Postgres.Streaming;

/// <summary>
/// A PostgreSQL stream queue operation failed in the database (unreachable, stopped, missing tables...): the
/// Npgsql error is the inner exception. An enqueue that fails this way may be retried; nothing of it is
/// committed unless the connection broke during the commit itself.
/// </summary>
public sealed class PostgresStreamQueueException(string message, Exception innerException) : GranaryException(message, innerException);
