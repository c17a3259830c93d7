using Granary.Hosting;
using Granary.Sqlite.Persistence;
using Granary.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Sqlite;

/// <summary>The provider inside a real silo host: options fail the start, the table exists once started.</summary>
public sealed class SqliteSiloHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("granary-sqlite-host-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "grains.db")}";

    [Fact]
    public async Task A_silo_with_a_missing_connection_string_does_not_start()
    {
        using var host = BuildSilo(new Dictionary<string, string?>());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Granary:Storage:Default:ConnectionString is required for the Sqlite grain storage 'Default'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_started_silo_has_its_table_and_a_working_storage()
    {
        using var host = BuildSilo(new Dictionary<string, string?> { ["Granary:Storage:Default:ConnectionString"] = ConnectionString });

        await host.StartAsync();
        try
        {
            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("Default");
            var state = new TestGrainState<CartState> { State = new CartState { Owner = "ada" } };
            await storage.WriteStateAsync("cart", GrainId.Create(new GrainType("cart"), "1"), state, CancellationToken.None);
            Assert.Equal("1", state.ETag);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static IHost BuildSilo(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseGranary(silo => silo.AddSqliteGrainStorage("Default"));
        return builder.Build();
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(_directory, recursive: true);
    }
}
