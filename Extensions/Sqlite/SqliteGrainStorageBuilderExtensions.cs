using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Granary.Extensions.Sqlite;

/// <summary>Registers <see cref="SqliteGrainStorage"/> on a silo.</summary>
public static class SqliteGrainStorageBuilderExtensions
{
    /// <summary>Adds a SQLite grain storage named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SqliteWriteQueues>();
        builder.Services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        builder.Services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        builder.Services.AddGrainStorage(name, (services, storageName) => new SqliteGrainStorage(
            storageName,
            services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(storageName),
            services.GetRequiredService<IOptions<ClusterOptions>>(),
            services.GetRequiredService<Orleans.Serialization.Serializers.IActivatorProvider>(),
            services.GetRequiredService<SqliteWriteQueues>(),
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteGrainStorage>>()));
        return builder;
    }

    /// <summary>Adds the default grain storage (the one <c>[PersistentState]</c> uses when no storage is named) on SQLite.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configure)
        => builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);
}
