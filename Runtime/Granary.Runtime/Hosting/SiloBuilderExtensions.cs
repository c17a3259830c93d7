using System.Reflection;
using Granary.Activation;
using Granary.Messaging;
using Granary.Persistence;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Granary.Hosting;

/// <summary>Silo configuration helpers.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Registers in-memory grain storage under <paramref name="name"/> ("Default" when omitted).</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = PersistentStateFactory.DefaultStorageName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(
            name,
            (services, _) => new MemoryGrainStorage(name, services.GetRequiredService<IGrainStateSerializer>()));
        return builder;
    }

    /// <summary>Adds an assembly holding grain classes or interfaces that the host does not otherwise load.</summary>
    public static ISiloBuilder AddApplicationPart(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        GetParts(builder.Services).Assemblies.Add(assembly);
        return builder;
    }

    public static ISiloBuilder ConfigureMessaging(this ISiloBuilder builder, Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    public static ISiloBuilder ConfigureCollection(this ISiloBuilder builder, Action<GrainCollectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Replaces the clock the silo uses for timeouts, idle collection and timers (tests pass a manual one).</summary>
    public static ISiloBuilder UseTimeProvider(this ISiloBuilder builder, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(timeProvider);
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(timeProvider));
        return builder;
    }

    internal static ApplicationParts GetParts(IServiceCollection services)
    {
        var descriptor = services.FirstOrDefault(d => d.ServiceType == typeof(ApplicationParts));
        if (descriptor?.ImplementationInstance is ApplicationParts parts)
        {
            return parts;
        }

        parts = new ApplicationParts();
        services.AddSingleton(parts);
        return parts;
    }
}
