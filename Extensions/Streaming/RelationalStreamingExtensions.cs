using Granary.Extensions.Sqlite;
using Granary.Extensions.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Registers a durable stream provider on PostgreSQL or SQLite (tables from the schema scripts <c>streams.*</c>,
/// applied by <see cref="SchemaMigrator"/>): <c>siloBuilder.AddRelationalStreams("Default", o => ...)</c> on silos
/// (publish and consume), <c>clientBuilder.AddRelationalStreams("Default", o => ...)</c> on clients (publish).
/// </summary>
public static class RelationalStreamingExtensions
{
    /// <summary>Adds the provider <paramref name="name"/> to a silo: pulling agents, poison-event filter, publishing.</summary>
    public static ISiloBuilder AddRelationalStreams(this ISiloBuilder builder, string name, Action<RelationalStreamOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddShared(builder.Services, name, configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, RelationalStreamPoisonFilter>());
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new RelationalStreamQueueCountCheck(
            name, services.GetRequiredKeyedService<RelationalStreamStore>(name), services.GetRequiredService<IOptionsMonitor<RelationalStreamOptions>>().Get(name).QueueCount));
        builder.AddPersistentStreams(name, RelationalQueueAdapterFactory.Create, stream =>
        {
            stream.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<RelationalStreamOptions>>((agentOptions, monitor) =>
            {
                var options = monitor.Get(name);
                agentOptions.GetQueueMsgsTimerPeriod = options.PollInterval;

                // One row per DeliverBatch call: the poison filter settles exactly the failing row, never its neighbours.
                agentOptions.BatchContainerBatchSize = 1;

                // The agent skips an event it could not deliver within this time (the row then waits for the queue's
                // next owner). Poison events are settled by the filter after MaxDeliveryAttempts; cluster failures are
                // worth waiting out, so the agent must not give up first.
                var poisonBudget = options.DeliveryRetryDelay * (options.MaxDeliveryAttempts + 1) * 4;
                agentOptions.MaxEventDeliveryTime = poisonBudget > TimeSpan.FromHours(1) ? poisonBudget : TimeSpan.FromHours(1);
            }));
            stream.ConfigureBackoffProvider((services, providerName) =>
                new RelationalStreamDeliveryBackoff(services.GetRequiredService<IOptionsMonitor<RelationalStreamOptions>>().Get(providerName).DeliveryRetryDelay));
        });
        return builder;
    }

    /// <summary>Adds the provider <paramref name="name"/> to a cluster client, which publishes straight to the database.</summary>
    public static IClientBuilder AddRelationalStreams(this IClientBuilder builder, string name, Action<RelationalStreamOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddShared(builder.Services, name, configure);
        builder.AddPersistentStreams(name, RelationalQueueAdapterFactory.Create, null);
        return builder;
    }

    private static void AddShared(IServiceCollection services, string name, Action<RelationalStreamOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptionsWithValidateOnStart<RelationalStreamOptions>(name).Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteWriteQueues>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelationalStreamOptions>, RelationalStreamOptionsValidator>());
        services.AddKeyedSingleton<RelationalStreamStore>(name, static (provider, key) =>
        {
            var providerName = (string)key!;
            var options = provider.GetRequiredService<IOptionsMonitor<RelationalStreamOptions>>().Get(providerName);
            return options.Database switch
            {
                DatabaseKind.Postgres => new PostgresStreamStore(providerName, options),
                DatabaseKind.Sqlite => new SqliteStreamStore(providerName, options, provider.GetRequiredService<SqliteWriteQueues>(), provider.GetService<TimeProvider>() ?? TimeProvider.System),
                _ => throw new OptionsValidationException(providerName, typeof(RelationalStreamOptions), [$"Unknown {nameof(RelationalStreamOptions.Database)} {options.Database}."]),
            };
        });
    }
}
