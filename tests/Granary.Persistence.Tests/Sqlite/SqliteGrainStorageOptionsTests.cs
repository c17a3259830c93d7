using Granary.Sqlite.Persistence;
using Granary.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Granary.Persistence.Tests.Sqlite;

public sealed class SqliteGrainStorageOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("granary-sqlite-options-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "grains.db")}";

    [Fact]
    public async Task A_missing_connection_string_fails_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StorageHost.StartAsync(builder => builder.AddSqliteGrainStorage("Default", _ => { }), "Default"));

        Assert.Contains("Granary:Storage:Default:ConnectionString is required for the Sqlite grain storage 'Default'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_table_name_fails_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StorageHost.StartAsync(
                builder => builder.AddSqliteGrainStorage("Default", options =>
                {
                    options.ConnectionString = ConnectionString;
                    options.TableName = "state; DROP TABLE users";
                }),
                "Default"));

        Assert.Contains("Granary:Storage:Default:TableName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_bound_from_another_section_names_that_section()
    {
        var settings = new Dictionary<string, string?> { ["Silo:Stores:Carts:ConnectionString"] = "Data Source=x.db;Bogus Keyword=1" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StorageHost.StartAsync(
                builder => builder.AddSqliteGrainStorage("Carts", builder.Configuration.GetSection("Silo:Stores:Carts")),
                "Carts",
                settings));

        Assert.Contains("Silo:Stores:Carts:ConnectionString is not a valid SQLite connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_misconfigured_storage_is_named()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StorageHost.StartAsync(
                builder => builder
                    .AddSqliteGrainStorage("Good", options => options.ConnectionString = ConnectionString)
                    .AddSqliteGrainStorage("Bad", options => options.ConnectionString = " "),
                "Good"));

        Assert.Contains("'Bad'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'Good'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_bind_from_the_silo_configuration()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Granary:Storage:Carts:ConnectionString"] = ConnectionString,
            ["Granary:Storage:Carts:TableName"] = "cart_state",
        };
        await using var host = await StorageHost.StartAsync(builder => builder.AddSqliteGrainStorage("Carts"), "Carts", settings);

        var state = new TestGrainState<CartState> { State = new CartState { Owner = "ada" } };
        await host.Storage.WriteStateAsync("cart", GrainId.Create(new GrainType("cart"), "1"), state, CancellationToken.None);

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM cart_state;";
        Assert.Equal(1L, (long?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Registering_one_name_twice_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageHost.Build(builder => builder
            .AddSqliteGrainStorage("Default", options => options.ConnectionString = ConnectionString)
            .AddSqliteGrainStorage("Default", options => options.ConnectionString = ConnectionString)));

        Assert.Contains("'Default'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_serializer_is_used()
    {
        var serializer = new CountingSerializer();
        await using var host = await StorageHost.StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<Granary.Persistence.IGrainStateSerializer>(serializer);
                builder.AddSqliteGrainStorage("Default", options => options.ConnectionString = ConnectionString);
            },
            "Default");
        var grainId = GrainId.Create(new GrainType("cart"), "1");

        await host.Storage.WriteStateAsync("cart", grainId, new TestGrainState<CartState> { State = new CartState() }, CancellationToken.None);
        await host.Storage.ReadStateAsync("cart", grainId, new TestGrainState<CartState>(), CancellationToken.None);

        Assert.Equal(1, serializer.Serialized);
        Assert.Equal(1, serializer.Deserialized);
    }

    [Fact]
    public async Task A_payload_in_another_format_is_a_storage_error()
    {
        var grainId = GrainId.Create(new GrainType("cart"), "1");
        await using (var jsonHost = await StorageHost.StartAsync(
            builder => builder.AddSqliteGrainStorage("Default", options => options.ConnectionString = ConnectionString), "Default"))
        {
            await jsonHost.Storage.WriteStateAsync("cart", grainId, new TestGrainState<CartState> { State = new CartState() }, CancellationToken.None);
        }

        await using var otherHost = await StorageHost.StartAsync(
            builder =>
            {
                builder.Services.AddKeyedSingleton<Granary.Persistence.IGrainStateSerializer>("Default", new CountingSerializer("other"));
                builder.AddSqliteGrainStorage("Default", options => options.ConnectionString = ConnectionString);
            },
            "Default");

        var error = await Assert.ThrowsAsync<GrainStorageException>(
            () => otherHost.Storage.ReadStateAsync("cart", grainId, new TestGrainState<CartState>(), CancellationToken.None));
        Assert.Contains("'json'", error.Message, StringComparison.Ordinal);
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
