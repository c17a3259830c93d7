using System.Net;
using Granary.Extensions.Schema;
using Granary.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace Granary.Extensions.Tests.Schema;

/// <summary>
/// Orleans' <see cref="AdoNetClusteringTable"/> driven directly on the PostgreSQL scripts: the table version is the
/// optimistic lock of the membership protocol, so writers from one version must exclude each other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresServer server)
{
    [Fact]
    public async Task The_table_version_lets_one_of_two_concurrent_writers_win()
    {
        using var timeout = new CancellationTokenSource(TestSilo.Deadline);
        var ct = timeout.Token;
        await using var database = await ScratchDatabase.CreateAsync(DatabaseKind.Postgres, server, ct);
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance, TimeProvider.System).MigrateAsync(DatabaseKind.Postgres, database.ConnectionString, ct);
        await using var services = new ServiceCollection().BuildServiceProvider();
        var table = new AdoNetClusteringTable(
            services,
            Options.Create(new ClusterOptions { ClusterId = "c-" + Guid.NewGuid().ToString("N"), ServiceId = "granary-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);

        // Every silo tries to create the version row; only the first one does, the rest must not fail.
        await table.InitializeMembershipTableAsync(true, ct);
        await table.InitializeMembershipTableAsync(true, ct);
        var initial = await table.ReadAllAsync(ct);
        Assert.Empty(initial.Members);
        Assert.Equal(0, initial.Version.Version);

        var inserted = await Task.WhenAll(
            table.InsertRowAsync(Entry(11111), initial.Version.Next(), ct),
            table.InsertRowAsync(Entry(22222), initial.Version.Next(), ct));
        Assert.Single(inserted, won => won);
        var afterInsert = await table.ReadAllAsync(ct);
        var (winner, rowEtag) = Assert.Single(afterInsert.Members);
        Assert.Equal(1, afterInsert.Version.Version);

        // The same silo again, even at the current version, is refused and leaves the version alone.
        Assert.False(await table.InsertRowAsync(winner, afterInsert.Version.Next(), ct));
        Assert.Equal(1, (await table.ReadAllAsync(ct)).Version.Version);

        winner.Status = SiloStatus.Active;
        winner.SuspectTimes = [Tuple.Create(SiloAddress.New(IPAddress.Loopback, 33333, 7), DateTime.UtcNow)];
        // Orleans passes the row's ETag as read with the table, and the next table version.
        Assert.False(await table.UpdateRowAsync(winner, initial.Version.VersionEtag, initial.Version.Next(), ct));
        Assert.True(await table.UpdateRowAsync(winner, rowEtag, afterInsert.Version.Next(), ct));
        var updated = await table.ReadRowAsync(winner.SiloAddress, ct);
        var row = Assert.Single(updated.Members).Item1;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(winner.SiloName, row.SiloName);
        Assert.Equal(winner.SuspectTimes[0].Item1, Assert.Single(row.SuspectTimes!).Item1);
        Assert.Equal(2, updated.Version.Version);

        // The heartbeat is outside the version: it never conflicts with membership changes.
        winner.IAmAliveTime = DateTime.UtcNow.AddSeconds(30);
        await table.UpdateIAmAliveAsync(winner, ct);
        var alive = await table.ReadRowAsync(winner.SiloAddress, ct);
        Assert.Equal(winner.IAmAliveTime, Assert.Single(alive.Members).Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, alive.Version.Version);

        // An unknown silo: the version comes back, no member.
        var unknown = await table.ReadRowAsync(SiloAddress.New(IPAddress.Loopback, 44444, 1), ct);
        Assert.Empty(unknown.Members);
        Assert.Equal(2, unknown.Version.Version);
    }

    private static MembershipEntry Entry(int port) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 1),
        SiloName = "silo-" + port,
        HostName = "host-" + port,
        Status = SiloStatus.Joining,
        ProxyPort = port + 1,
        StartTime = DateTime.UtcNow,
        IAmAliveTime = DateTime.UtcNow,
    };
}
