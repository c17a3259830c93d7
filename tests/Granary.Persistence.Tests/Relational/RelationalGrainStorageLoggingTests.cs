using System.Collections.Concurrent;
using Granary.Sqlite.Persistence;
using Granary.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Granary.Persistence.Tests.Relational;

/// <summary>What the shared base logs, seen through a provider: the provider's category and wording, the runtime's event ids.</summary>
public sealed class RelationalGrainStorageLoggingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("granary-relational-log-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "grains.db")}";

    [Fact]
    public async Task Reads_writes_clears_and_conflicts_are_logged_in_the_providers_words()
    {
        await using var host = await StorageHost.StartAsync(
            builder =>
            {
                builder.Services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
                builder.AddSqliteGrainStorage("Default", options => options.ConnectionString = ConnectionString);
            },
            "Default");
        var grainId = GrainId.Create(new GrainType("cart"), "1");
        var state = new TestGrainState<CartState> { State = new CartState() };

        await host.Storage.WriteStateAsync("cart", grainId, state, CancellationToken.None);
        await host.Storage.ReadStateAsync("cart", grainId, new TestGrainState<CartState>(), CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => host.Storage.WriteStateAsync("cart", grainId, new TestGrainState<CartState> { State = new CartState() }, CancellationToken.None));
        await host.Storage.ClearStateAsync("cart", grainId, state, CancellationToken.None);

        var entries = _logs.Entries.Where(e => e.Category == "Granary.Sqlite.Persistence.SqliteGrainStorage").ToList();
        Assert.Equal(
            [
                (1401, LogLevel.Debug, $"Sqlite grain storage 'Default' wrote state 'cart' of {grainId}: version 1"),
                (1400, LogLevel.Debug, $"Sqlite grain storage 'Default' read state 'cart' of {grainId}: version 1"),
                (1410, LogLevel.Warning, $"Sqlite grain storage 'Default' refused to write state 'cart' of {grainId}: stored version 1, caller holds "),
                (1402, LogLevel.Debug, $"Sqlite grain storage 'Default' cleared state 'cart' of {grainId}: version 2"),
            ],
            entries.Where(e => e.EventId is >= 1400 and < 1500).Select(e => (e.EventId, e.Level, e.Message)));
        Assert.Contains(entries, e => e.EventId == 4120 && e.Message.StartsWith("Sqlite grain storage 'Default' is ready", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private sealed record Entry(string Category, int EventId, LogLevel Level, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IEnumerable<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(category, eventId.Id, logLevel, formatter(state, exception)));
    }
}
