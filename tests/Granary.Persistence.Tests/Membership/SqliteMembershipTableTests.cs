using Granary.Membership;
using Granary.Sqlite.Membership;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Membership;

public sealed class SqliteMembershipTableTests : MembershipTableContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"granary-membership-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={_path}";

    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        var host = await ClusteringHost.StartAsync(builder => builder.UseSqliteClustering(options =>
        {
            options.ConnectionString = ConnectionString;
            options.ClusterId = clusterId;
        }));
        Own(host);
        return host.Table;
    }

    [Fact]
    public async Task Settings_come_from_the_Granary_Clustering_section()
    {
        await using var host = await ClusteringHost.StartAsync(
            builder => builder.UseSqliteClustering(),
            new Dictionary<string, string?>
            {
                ["Granary:Clustering:ConnectionString"] = ConnectionString,
                ["Granary:Clustering:ClusterId"] = "configured",
                ["Granary:Clustering:TableName"] = "members",
            });

        await host.Table.InsertRowAsync(NewEntry(), TableVersion.Initial.Next(), CancellationToken.None);

        Assert.Single((await host.Table.ReadAllAsync(CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task A_missing_connection_string_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ClusteringHost.StartAsync(builder => builder.UseSqliteClustering()));

        Assert.Contains("Granary:Clustering:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_table_name_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ClusteringHost.StartAsync(
            builder => builder.UseSqliteClustering(options =>
            {
                options.ConnectionString = ConnectionString;
                options.TableName = "x; DROP TABLE y";
            })));

        Assert.Contains("Granary:Clustering:TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_file_is_a_membership_table_exception()
    {
        var directory = Directory.CreateTempSubdirectory("granary-membership-");
        try
        {
            var error = await Assert.ThrowsAsync<MembershipTableException>(() => ClusteringHost.StartAsync(
                builder => builder.UseSqliteClustering(options => options.ConnectionString = $"Data Source={directory.FullName}")));
            Assert.Contains("SQLite clustering failed to initialize", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in (string[])[_path, _path + "-wal", _path + "-shm"])
        {
            File.Delete(file);
        }
    }
}
