using System.Buffers;
using System.Data.Common;
using System.Globalization;
using Granary.Membership;
using Granary.Persistence.Relational;
using Granary.Serialization.Wire;
using Granary.Streaming.Queues;
using Granary.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Granary.Postgres.Streaming;

/// <summary>
/// The durable queues of one PostgreSQL stream provider (tables in StreamQueueSchema.sql): enqueue through group
/// commit (<see cref="StreamEventWriter"/>), receivers that lease a queue, read it oldest first and delete what
/// they handled under their lease epoch, and LISTEN/NOTIFY wake-ups (<see cref="StreamNotificationListener"/>).
/// Items are stored in the runtime's wire format, serialized as <c>object</c> so their type travels with them.
/// Owns two <see cref="NpgsqlDataSource"/>s (the pool, and the unpooled listening connection), disposed with the container.
/// </summary>
internal sealed partial class PostgresStreamQueueAdapter : IStreamQueueAdapter, IAsyncDisposable, IDisposable
{
    private const string SchemaResourceName = "Granary.Postgres.Streaming.StreamQueueSchema.sql";

    private readonly PostgresStreamOptions _options;
    private readonly WireSerializer _serializer;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenerDataSource;
    private readonly StreamNotificationListener _listener;
    private readonly StreamEventWriter _writer;
    private readonly Lazy<string> _owner;
    private int _disposed;

    /// <param name="localSilo">This silo, whose address names it as a lease owner; null on a lone silo or a client.</param>
    public PostgresStreamQueueAdapter(
        string name,
        PostgresStreamOptions options,
        WireSerializer serializer,
        ILocalSiloDetails? localSilo,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!StorageIdentifier.IsValid(options.Schema))
        {
            throw new ArgumentException($"Schema '{options.Schema}' is not a valid identifier.", nameof(options));
        }

        Name = name;
        _options = options;
        _serializer = serializer;
        TimeProvider = timeProvider;
        Logger = (ILogger?)loggerFactory?.CreateLogger<PostgresStreamQueueAdapter>() ?? NullLogger.Instance;
        Statements = new StreamQueueStatements(options.Schema);

        // Several silos (or test silos in one process) keep distinct identities; a lone silo has no address, so it
        // gets one for the life of this provider instance.
        _owner = new Lazy<string>(() => localSilo?.SiloAddress.ToString() ?? $"{Environment.MachineName}/{Guid.NewGuid():N}");

        var pooled = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = $"granary-streams-{name}" };
        var listening = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = $"granary-streams-{name}-listen" };
        if (string.IsNullOrEmpty(pooled.ConnectionStringBuilder.ApplicationName))
        {
            // So operators can tell the provider's sessions apart in pg_stat_activity.
            pooled.ConnectionStringBuilder.ApplicationName = pooled.Name;
            listening.ConnectionStringBuilder.ApplicationName = listening.Name;
        }

        if (pooled.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same few statements run all the time: prepare them once per physical connection.
            pooled.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        listening.ConnectionStringBuilder.Pooling = false;
        if (listening.ConnectionStringBuilder.KeepAlive == 0)
        {
            // WaitAsync sends a keepalive query after this many idle seconds, so a dead server is noticed.
            listening.ConnectionStringBuilder.KeepAlive = 10;
        }

        if (loggerFactory is not null)
        {
            pooled.UseLoggerFactory(loggerFactory);
            listening.UseLoggerFactory(loggerFactory);
        }

        _dataSource = pooled.Build();
        _listenerDataSource = listening.Build();

        // A LISTEN channel is an identifier (at most 63 bytes): a hash keeps any provider name and schema short and
        // plain. Two providers colliding would only wake each other's receivers for nothing.
        var channel = string.Create(CultureInfo.InvariantCulture, $"granary_streams_{WireIds.Hash($"{options.Schema}/{name}"):x8}");
        _listener = new StreamNotificationListener(name, channel, options.QueueCount, _listenerDataSource, timeProvider, Logger);
        _writer = new StreamEventWriter(name, channel, _dataSource, Statements, queueId => _listener[queueId].Signal(), Logger);
    }

    public string Name { get; }

    public int QueueCount => _options.QueueCount;

    public bool IsShared => true;

    /// <summary>How this silo names itself as a lease owner: its silo address, or a per-instance id on a lone silo.</summary>
    public string Owner => _owner.Value;

    internal TimeSpan LeaseDuration => _options.LeaseDuration;

    internal StreamQueueStatements Statements { get; }

    internal NpgsqlDataSource DataSource => _dataSource;

    internal WireSerializer Serializer => _serializer;

    internal StreamNotificationListener Listener => _listener;

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Serializes every item first (an item without a codec throws <see cref="Serialization.CodecNotFoundException"/>
    /// and nothing is written), then commits them all in one transaction, shared with concurrent calls.
    /// </summary>
    public Task EnqueueAsync(int queueId, StreamId streamId, IReadOnlyList<object?> items, CancellationToken cancellationToken)
    {
        ValidateQueueId(queueId);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrEmpty(streamId.Namespace, nameof(streamId));
        cancellationToken.ThrowIfCancellationRequested();
        if (items.Count == 0)
        {
            return Task.CompletedTask;
        }

        var payloads = new byte[items.Count][];
        var buffer = new ArrayBufferWriter<byte>(256);
        for (var i = 0; i < payloads.Length; i++)
        {
            buffer.ResetWrittenCount();
            _serializer.Serialize(items[i], buffer);
            payloads[i] = buffer.WrittenSpan.ToArray();
        }

        return _writer.WriteAsync(queueId, streamId, payloads, cancellationToken);
    }

    public IStreamQueueReceiver CreateReceiver(int queueId)
    {
        ValidateQueueId(queueId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _listener.EnsureStarted();
        return new PostgresStreamQueueReceiver(this, queueId);
    }

    /// <summary>Creates the schema if missing, then runs the embedded <c>StreamQueueSchema.sql</c>; idempotent. Run by silos only.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!_options.CreateSchema)
        {
            Log.SchemaCreationSkipped(Logger, Name, _options.Schema);
            return;
        }

        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var script = PostgresSchemaScript.Load(SchemaResourceName, ("schema", _options.Schema));
                await PostgresSchemaScript.ApplyAsync(connection, _options.Schema, script, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(Name, $"create its tables in schema '{_options.Schema}'", ex);
        }

        Log.SchemaEnsured(Logger, Name, _options.Schema);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _listenerDataSource.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The typed error for a database failure of <paramref name="operation"/> (completing "could not ...").</summary>
    internal static PostgresStreamQueueException Failure(string providerName, string operation, DbException exception) =>
        new($"PostgreSQL stream provider '{providerName}' could not {operation}: {exception.Message}", exception);

    /// <summary>
    /// After a failure that was not the server rejecting a statement (connection refused or broken, server shut
    /// down), the idle pooled connections are most likely dead too: drop them so the first call after recovery works.
    /// </summary>
    internal static void ClearPoolIfConnectionLost(NpgsqlDataSource dataSource, DbException exception)
    {
        if (exception is not PostgresException postgres || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57", StringComparison.Ordinal))
        {
            dataSource.Clear();
        }
    }

    private void ValidateQueueId(int queueId)
    {
        if ((uint)queueId >= (uint)_options.QueueCount)
        {
            throw new ArgumentOutOfRangeException(nameof(queueId), queueId, $"Queue ids of stream provider '{Name}' go from 0 to {_options.QueueCount - 1}.");
        }
    }
}
