using Granary.Extensions.Schema;
using Granary.Extensions.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Granary.Extensions.Tests.Sqlite;

/// <summary>The SQLite reminder table against a real file: ETags, removal, service isolation and ring ranges.</summary>
public sealed class SqliteReminderTableTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("granary-sqlite-reminders-").FullName;
    private readonly SqliteWriteQueues _writers = new(TimeProvider.System, NullLogger<SqliteWriteQueue>.Instance);
    private string _connectionString = string.Empty;
    private SqliteReminderTable _table = null!;

    public async Task InitializeAsync()
    {
        _connectionString = $"Data Source={Path.Combine(_folder, "reminders.db")}";
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Sqlite, _connectionString);
        _table = await StartAsync("service-a");
    }

    public async Task DisposeAsync()
    {
        await _table.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Upserts_advance_the_etag_and_removal_needs_the_current_one()
    {
        var grain = GrainId.Create("order", "o-1");
        var start = new DateTime(2026, 12, 4, 10, 30, 15, 250, DateTimeKind.Utc);

        var first = await _table.UpsertRow(Entry(grain, "saga", start, TimeSpan.FromMinutes(1)));
        var second = await _table.UpsertRow(Entry(grain, "saga", start.AddSeconds(5), TimeSpan.FromMinutes(2)));

        Assert.NotEqual(first, second);
        var row = await _table.ReadRow(grain, "saga");
        Assert.NotNull(row);
        Assert.Equal(start.AddSeconds(5), row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(2), row.Period);
        Assert.Equal(second, row.ETag);
        Assert.False(await _table.RemoveRow(grain, "saga", first!));
        Assert.True(await _table.RemoveRow(grain, "saga", second!));
        Assert.Null(await _table.ReadRow(grain, "saga"));
        Assert.Empty((await _table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Each_service_sees_only_its_own_reminders()
    {
        var other = await StartAsync("service-b");
        try
        {
            var grain = GrainId.Create("order", "shared");
            await _table.UpsertRow(Entry(grain, "a", DateTime.UtcNow, TimeSpan.FromMinutes(1)));

            Assert.Empty((await other.ReadRows(grain)).Reminders);
            Assert.Single((await _table.ReadRows(grain)).Reminders);
        }
        finally
        {
            await other.StopAsync();
        }
    }

    [Theory]
    [InlineData(0x1000_0000u, 0x9000_0000u)]
    [InlineData(0x9000_0000u, 0x1000_0000u)]
    [InlineData(0x7000_0000u, 0x7100_0000u)]
    [InlineData(0xF000_0000u, 0xF100_0000u)]
    [InlineData(0x1000_0000u, 0x1000_0000u)]
    public async Task A_range_of_the_ring_reads_exactly_the_reminders_hashed_into_it(uint begin, uint end)
    {
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("order", $"ring-{begin:x}-{end:x}-{i}")).ToList();
        foreach (var grain in grains)
        {
            await _table.UpsertRow(Entry(grain, "r", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        }

        var read = (await _table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).ToHashSet();

        // (begin, end] on the ring of unsigned hashes; begin == end is the whole ring.
        var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
        Assert.True(expected.SetEquals(read.Where(grains.Contains)), $"range ({begin:x}, {end:x}]: read {read.Count}, expected {expected.Count}");
    }

    private static bool InRange(uint hash, uint begin, uint end)
        => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Entry(GrainId grain, string name, DateTime start, TimeSpan period)
        => new() { GrainId = grain, ReminderName = name, StartAt = start, Period = period };

    private async Task<SqliteReminderTable> StartAsync(string serviceId)
    {
        var table = new SqliteReminderTable(
            Options.Create(new SqliteReminderTableOptions { ConnectionString = _connectionString }),
            Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }),
            _writers);
        await table.StartAsync();
        return table;
    }
}
