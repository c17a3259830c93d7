using Granary.Membership;
using Granary.Postgres.Membership;
using Granary.TestInfrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Granary.Persistence.Tests.Membership;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresServer server) : MembershipTableContractTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        var host = await ClusteringHost.StartAsync(builder => builder.UsePostgresClustering(options =>
        {
            options.ConnectionString = server.ConnectionString;
            options.ClusterId = clusterId;
        }));
        Own(host);
        return host.Table;
    }

    [Fact]
    public async Task A_stopped_server_is_a_membership_table_exception_and_work_resumes_after_restart()
    {
        if (!server.IsThrowaway)
        {
            return; // a server from GRANARY_TEST_POSTGRES is not ours to stop
        }

        var table = await CreateTableAsync(NewClusterId());
        var entry = NewEntry();
        Assert.True(await table.InsertRowAsync(entry, TableVersion.Initial.Next(), CancellationToken.None));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => table.ReadAllAsync(CancellationToken.None))); // pooled connections die with the server

        await server.StopAsync();
        try
        {
            var readError = await Assert.ThrowsAsync<MembershipTableException>(() => table.ReadAllAsync(CancellationToken.None).WaitAsync(NoHang));
            Assert.IsAssignableFrom<NpgsqlException>(readError.InnerException);
            await Assert.ThrowsAsync<MembershipTableException>(
                () => table.UpdateRowAsync(entry with { Status = SiloStatus.Active }, "1", new TableVersion(2, "1"), CancellationToken.None).WaitAsync(NoHang));
            await Assert.ThrowsAsync<MembershipTableException>(() => table.UpdateIAmAliveAsync(entry, CancellationToken.None).WaitAsync(NoHang));
        }
        finally
        {
            await server.StartAsync();
        }

        var row = await table.ReadRowAsync(entry.SiloAddress, CancellationToken.None);
        Assert.True(row.TryGet(entry.SiloAddress, out _, out var etag));
        Assert.True(await table.UpdateRowAsync(entry with { Status = SiloStatus.Active }, etag, row.Version.Next(), CancellationToken.None));
        Assert.Equal(SiloStatus.Active, Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Entries).Entry.Status);
    }

    [Fact]
    public async Task Votes_are_stored_as_jsonb_operators_can_query()
    {
        var clusterId = NewClusterId();
        var table = await CreateTableAsync(clusterId);
        var suspecter = new SiloAddress("10.0.0.9", 11111, 7);
        await table.InsertRowAsync(NewEntry() with { SuspectTimes = [new SuspicionVote(suspecter, T0)] }, TableVersion.Initial.Next(), CancellationToken.None);

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT suspect_times -> 0 ->> 'silo' FROM granary_membership WHERE cluster_id = @c", connection);
        command.Parameters.AddWithValue("c", clusterId);

        Assert.Equal(suspecter.ToString(), await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_missing_connection_string_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ClusteringHost.StartAsync(builder => builder.UsePostgresClustering()));

        Assert.Contains("Granary:Clustering:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_schema_and_table_are_created_from_configuration()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await ClusteringHost.StartAsync(
            builder => builder.UsePostgresClustering(),
            new Dictionary<string, string?>
            {
                ["Granary:Clustering:ConnectionString"] = connectionString,
                ["Granary:Clustering:ClusterId"] = "prod",
                ["Granary:Clustering:Schema"] = "cluster",
                ["Granary:Clustering:TableName"] = "Members",
            });

        Assert.True(await host.Table.InsertRowAsync(NewEntry(), TableVersion.Initial.Next(), CancellationToken.None));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM cluster.\"Members_version\" WHERE cluster_id = 'prod'", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }
}
