namespace Granary.Postgres.Streaming;

/// <summary>
/// Settings of one PostgreSQL stream provider, named by the provider name (configuration section
/// <c>Granary:Streams:{name}</c>; its <c>Delivery</c> subsection configures the delivery agents).
/// </summary>
public sealed class PostgresStreamOptions
{
    /// <summary>The most queues a provider may have.</summary>
    public const int MaxQueueCount = 1024;

    /// <summary>Required. An Npgsql connection string, for example <c>Host=db;Database=granary;Username=silo;Password=...</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The PostgreSQL schema holding the tables <c>granary_stream_events</c>, <c>_leases</c> and <c>_dead_letters</c>. Default <c>public</c>.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// How many queues the provider's streams are spread over (by stream hash), 1 to <see cref="MaxQueueCount"/>.
    /// Each queue is drained by one silo at a time, so this bounds how many silos share the delivery work.
    /// Every silo and client of the provider must use the same value. Default 8.
    /// </summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>
    /// How long a silo's lease on a queue lasts without renewal; when its silo dies, another silo takes the queue
    /// after this long at the latest (at once when membership already declared that silo dead). Keep it well above
    /// the delivery agents' <c>Delivery:LeaseRenewalPeriod</c>. Measured on the database clock. Default 30 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether silos create the schema and tables at start (running the embedded <c>StreamQueueSchema.sql</c>);
    /// clients never do. Set false when a DBA applies that file and the silo's role may not run DDL. Default true.
    /// </summary>
    public bool CreateSchema { get; set; } = true;
}
