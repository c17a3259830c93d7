using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Granary.Postgres.Streaming;

/// <summary>
/// Wakes the receivers of one provider when events are committed: one dedicated connection per provider and silo
/// LISTENs on the provider's channel, where every enqueue transaction sends (on commit) the ids of the queues it
/// wrote to. When the connection breaks it reconnects with backoff; meanwhile and on every (re)connect all queues
/// are signalled, so receivers read again and otherwise fall back to their poll timeout. Nothing is lost if a
/// notification is: it only shortens a wait.
/// </summary>
internal sealed partial class StreamNotificationListener : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly string _providerName;
    private readonly string _channel;
    private readonly NpgsqlDataSource _dataSource;
    private readonly QueueSignal[] _signals;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Task? _loop;
    private bool _disposed;

    /// <param name="dataSource">Unpooled, with keepalives, so a dead server is noticed while waiting; owned by the caller.</param>
    public StreamNotificationListener(string providerName, string channel, int queueCount, NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger logger)
    {
        _providerName = providerName;
        _channel = channel;
        _dataSource = dataSource;
        _timeProvider = timeProvider;
        _logger = logger;
        _signals = new QueueSignal[queueCount];
        for (var i = 0; i < queueCount; i++)
        {
            _signals[i] = new QueueSignal();
        }
    }

    public QueueSignal this[int queueId] => _signals[queueId];

    /// <summary>Starts listening (once); called when this silo creates its first receiver.</summary>
    public void EnsureStarted()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>Signals the queues named in a notification payload (comma-separated ids); all of them if it cannot be read.</summary>
    public void SignalQueues(string payload)
    {
        foreach (var part in payload.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var queueId) || (uint)queueId >= (uint)_signals.Length)
            {
                SignalAll();
                return;
            }

            _signals[queueId].Signal();
        }
    }

    public void SignalAll()
    {
        foreach (var signal in _signals)
        {
            signal.Signal();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
        SignalAll();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var retryDelay = FirstRetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", connection);
                    await using (listen.ConfigureAwait(false))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (failures > 0)
                    {
                        Log.ListenerReconnected(_logger, _providerName, failures);
                    }

                    failures = 0;
                    retryDelay = FirstRetryDelay;

                    // Events committed while nobody listened produced no notification here.
                    SignalAll();
                    while (true)
                    {
                        await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) // whatever broke the connection: the loop must outlive it or receivers only poll
            {
                if (failures++ == 0)
                {
                    Log.ListenerLost(_logger, _providerName, ex);
                }

                SignalAll();
            }

            try
            {
                await Task.Delay(retryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e) => SignalQueues(e.Payload);
}
