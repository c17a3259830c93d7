using System.Diagnostics;
using Granary.Hosting;
using Granary.Postgres.Persistence;
using Granary.Storage;
using Granary.TestInfrastructure;
using Npgsql;

namespace Granary.Persistence.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServer server) : GrainStorageContractTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    protected override void AddStorage(ISiloBuilder builder, string name) =>
        builder.AddPostgresGrainStorage(name, options => options.ConnectionString = server.ConnectionString);

    [Fact]
    public async Task The_payload_is_utf8_json_operators_can_query()
    {
        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        await host.Storage.WriteStateAsync(StateName, grainId, new TestGrainState<CartState> { State = new CartState { Owner = "ada" } }, CancellationToken.None);

        var owner = await ScalarAsync<string>(
            server.ConnectionString,
            "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'owner' FROM public.granary_grain_state WHERE grain_key = @key",
            ("key", grainId.Key));

        Assert.Equal("ada", owner);
    }

    [Fact]
    public async Task A_custom_schema_and_table_are_created()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await StorageHost.StartAsync(
            builder => builder.AddPostgresGrainStorage("Carts", options =>
            {
                options.ConnectionString = connectionString;
                options.Schema = "shop";
                options.TableName = "Cart_State";
            }),
            "Carts");

        await host.Storage.WriteStateAsync(StateName, NewGrainId(), new TestGrainState<CartState> { State = new CartState() }, CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM shop.\"Cart_State\""));
    }

    [Fact]
    public async Task Without_CreateSchema_the_table_is_left_to_the_dba()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var host = await StorageHost.StartAsync(
            builder => builder.AddPostgresGrainStorage("Default", options =>
            {
                options.ConnectionString = connectionString;
                options.CreateSchema = false;
            }),
            "Default");
        var grainId = NewGrainId();

        var error = await Assert.ThrowsAsync<GrainStorageException>(
            () => host.Storage.WriteStateAsync(StateName, grainId, new TestGrainState<CartState> { State = new CartState() }, CancellationToken.None));

        Assert.Contains("Postgres grain storage 'Default'", error.Message, StringComparison.Ordinal);
        Assert.Contains(grainId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{StateName}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.UndefinedTable, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task The_shipped_sql_file_applies_with_psql()
    {
        var psql = server.BinDirectory is { } bin ? Path.Combine(bin, "psql") : "psql";
        var connectionString = await server.CreateDatabaseAsync();
        var script = Path.GetTempFileName();
        try
        {
            await using (var resource = typeof(PostgresSiloBuilderExtensions).Assembly
                .GetManifestResourceStream("Granary.Postgres.Persistence.GrainStateSchema.sql")!)
            await using (var file = File.Create(script))
            {
                await resource.CopyToAsync(file);
            }

            var target = new NpgsqlConnectionStringBuilder(connectionString);
            var startInfo = new ProcessStartInfo(psql)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["PGPASSWORD"] = target.Password ?? string.Empty },
            };
            foreach (var argument in (string[])[
                "-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", target.Username!, "-d", target.Database!, "-v", "ON_ERROR_STOP=1",
                "-v", "schema=public", "-v", "table=dba_grain_state", "-f", script])
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(NoHang);
            Assert.True(process.ExitCode == 0, await output + await errors);
        }
        finally
        {
            File.Delete(script);
        }

        await using var host = await StorageHost.StartAsync(
            builder => builder.AddPostgresGrainStorage("Default", options =>
            {
                options.ConnectionString = connectionString;
                options.TableName = "dba_grain_state";
                options.CreateSchema = false;
            }),
            "Default");
        var state = new TestGrainState<CartState> { State = new CartState { Owner = "dba" } };
        await host.Storage.WriteStateAsync(StateName, NewGrainId(), state, CancellationToken.None);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_storage_error_not_a_hang()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var connectionString = $"Host=127.0.0.1;Port={closedPort};Username=nobody;Database=none;Timeout=5";
        await using var services = StorageHost.Build(builder =>
            builder.AddPostgresGrainStorage("Default", options => options.ConnectionString = connectionString));

        var startup = await Assert.ThrowsAsync<GrainStorageException>(() => StorageHost.RunStartupTasksAsync(services).WaitAsync(NoHang));
        Assert.Contains("'Default'", startup.Message, StringComparison.Ordinal);

        var storage = Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions
            .GetRequiredKeyedService<IGrainStorage>(services, "Default");
        var error = await Assert.ThrowsAsync<GrainStorageException>(
            () => storage.ReadStateAsync(StateName, NewGrainId(), new TestGrainState<CartState>(), CancellationToken.None).WaitAsync(NoHang));
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    [Fact]
    public async Task A_stopped_server_is_a_storage_error_and_work_resumes_after_restart()
    {
        if (!server.IsThrowaway)
        {
            return; // A server from GRANARY_TEST_POSTGRES is not ours to stop; the unreachable-server test covers the failure.
        }

        await using var host = await StartHostAsync();
        var grainId = NewGrainId();
        var state = new TestGrainState<CartState> { State = new CartState { Owner = "before" } };
        await host.Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);

        // Leave several idle connections in the provider's pool: all of them die with the server.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            host.Storage.ReadStateAsync(StateName, grainId, new TestGrainState<CartState>(), CancellationToken.None)));

        await server.StopAsync();
        try
        {
            var readError = await Assert.ThrowsAsync<GrainStorageException>(
                () => host.Storage.ReadStateAsync(StateName, grainId, new TestGrainState<CartState>(), CancellationToken.None).WaitAsync(NoHang));
            Assert.Contains(grainId.ToString(), readError.Message, StringComparison.Ordinal);
            Assert.NotNull(readError.InnerException);

            state.State.Owner = "during";
            await Assert.ThrowsAsync<GrainStorageException>(
                () => host.Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None).WaitAsync(NoHang));
            Assert.Equal("1", state.ETag);
        }
        finally
        {
            await server.StartAsync();

            // Idle connections other tests left in Npgsql's global pools died with the server; drop them so those
            // tests' next queries open fresh ones.
            NpgsqlConnection.ClearAllPools();
        }

        state.State.Owner = "after";
        await host.Storage.WriteStateAsync(StateName, grainId, state, CancellationToken.None);
        var read = new TestGrainState<CartState>();
        await host.Storage.ReadStateAsync(StateName, grainId, read, CancellationToken.None);
        Assert.Equal("after", read.State.Owner);
        Assert.Equal("2", read.ETag);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
