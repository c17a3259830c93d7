using Npgsql;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Samples, every 200 ms, how many server connections the benchmark's database has (pg_stat_activity, not counting
/// the sampler's own): the evidence that silos × Granary:Database:MaxPoolSize bounds a cluster's connections.
/// </summary>
internal sealed class DatabaseConnectionSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _max;

    public DatabaseConnectionSampler(string connectionString)
    {
        // Its own unpooled connection, so sampling never borrows from (or adds to) the pools it measures.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "bench-sampler" };
        _loop = Task.Run(() => RunAsync(builder.ConnectionString));
    }

    /// <summary>The most connections seen at once so far.</summary>
    public int Max => Volatile.Read(ref _max);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(_stop.Token);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            while (!_stop.IsCancellationRequested)
            {
                var count = Convert.ToInt32(await command.ExecuteScalarAsync(_stop.Token), System.Globalization.CultureInfo.InvariantCulture);
                if (count > _max)
                {
                    Volatile.Write(ref _max, count);
                }

                await Task.Delay(200, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
