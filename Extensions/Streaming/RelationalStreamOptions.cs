using Granary.Extensions.Schema;

namespace Granary.Extensions.Streaming;

/// <summary>Settings of one relational (PostgreSQL or SQLite) stream provider, named like the provider.</summary>
public sealed class RelationalStreamOptions
{
    /// <summary>The database holding the queue tables. Default: <see cref="DatabaseKind.Sqlite"/> (the embedded default).</summary>
    public DatabaseKind Database { get; set; } = DatabaseKind.Sqlite;

    /// <summary>Npgsql or Microsoft.Data.Sqlite connection string. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Queues the streams are hashed onto; each is read by one pulling agent in the cluster. Default 8.</summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>Deliveries of one event to one consumer that may fail before it goes to the dead-letter table. Default 5.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Delay between two attempts to deliver a failing event. Default 1 s.</summary>
    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows a receiver reads per query. Default 256.</summary>
    public int ReadBatchSize { get; set; } = 256;

    /// <summary>Most publishes written in one insert transaction (group commit of concurrent publishes). Default 512.</summary>
    public int WriteBatchSize { get; set; } = 512;

    /// <summary>How often an idle pulling agent polls its queue. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events a queue's in-memory cache holds (Orleans' SimpleQueueCache). Default 4096.</summary>
    public int CacheSize { get; set; } = 4096;
}
