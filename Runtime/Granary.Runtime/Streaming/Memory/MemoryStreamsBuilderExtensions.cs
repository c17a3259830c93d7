using Granary.Hosting;
using Granary.Serialization;
using Granary.Serialization.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Streaming.Memory;

/// <summary>Registers in-memory stream providers on a silo.</summary>
public static class MemoryStreamsBuilderExtensions
{
    /// <summary>
    /// Adds a best-effort in-memory stream provider named <paramref name="name"/>: fast, no storage, events kept
    /// in the publishing silo until delivered (drained on graceful stop, lost if the silo crashes). Queue
    /// options bind from <c>Granary:Streams:{name}</c>, delivery options from <c>Granary:Streams:{name}:Delivery</c>.
    /// </summary>
    public static ISiloBuilder AddMemoryStreams(
        this ISiloBuilder builder,
        string name,
        Action<MemoryStreamOptions>? configure = null,
        Action<StreamDeliveryOptions>? configureDelivery = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddOptionsWithValidateOnStart<MemoryStreamOptions>(name).Bind(builder.Configuration.GetSection($"Granary:Streams:{name}"));
        if (configure is not null)
        {
            builder.Services.Configure(name, configure);
        }

        builder.Services.AddSingleton<IValidateOptions<MemoryStreamOptions>>(new MemoryStreamOptionsValidator(name));
        return builder.AddQueuedStreams(
            name,
            static (sp, providerName) => new MemoryStreamQueueAdapter(
                providerName,
                sp.GetRequiredService<IOptionsMonitor<MemoryStreamOptions>>().Get(providerName),
                sp.GetRequiredService<IDeepCopier>(),
                sp.GetRequiredService<WireSerializer>(),
                sp.GetRequiredService<ILogger<MemoryStreamQueueAdapter>>()),
            isDurable: false,
            configureDelivery);
    }
}
