using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Hosting;

namespace Granary.Extensions.Resilience;

/// <summary>Registers <see cref="RejectedCallRetryFilter"/> on silos (grain-to-grain calls) and clients.</summary>
public static class RejectedCallRetryExtensions
{
    public static ISiloBuilder AddRejectedCallRetry(this ISiloBuilder builder, Action<RejectedCallRetryOptions>? configure = null)
    {
        Register(builder.Services, configure);
        return builder;
    }

    public static IClientBuilder AddRejectedCallRetry(this IClientBuilder builder, Action<RejectedCallRetryOptions>? configure = null)
    {
        Register(builder.Services, configure);
        return builder;
    }

    private static void Register(IServiceCollection services, Action<RejectedCallRetryOptions>? configure)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<RejectedCallRetryOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Once, however often it is asked for: two nested copies would multiply the resends.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutgoingGrainCallFilter, RejectedCallRetryFilter>());
    }
}
