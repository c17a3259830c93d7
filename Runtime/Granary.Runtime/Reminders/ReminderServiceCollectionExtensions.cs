using Granary.Activation;
using Granary.Hosting;
using Granary.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Reminders;

/// <summary>What every reminder provider registers besides its <see cref="IReminderTable"/>.</summary>
internal static class ReminderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ReminderService"/> (as <see cref="IReminderRegistry"/> and <see cref="ISiloService"/>) and
    /// <see cref="ReminderOptions"/> bound from <c>Granary:Reminders</c>, validated at start. Throws when a reminder
    /// provider is already registered: a silo has one reminder table.
    /// </summary>
    public static IServiceCollection AddReminderService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ReminderService)))
        {
            throw new InvalidOperationException("A reminder service is already registered: call one Use...ReminderService method per silo.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>());
        services.AddSingleton(provider => new ReminderService(
            provider.GetRequiredService<IReminderTable>(),
            provider.GetRequiredService<IOptions<ReminderOptions>>().Value,
            provider.GetRequiredService<IGrainFactory>(),
            provider.GetRequiredService<GrainTypeRegistry>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ReminderService>>(),
            provider.GetService<IClusterMembershipService>(),
            provider.GetService<ILocalSiloDetails>()));
        services.AddSingleton<IReminderRegistry>(provider => provider.GetRequiredService<ReminderService>());
        services.AddSingleton<ISiloService>(provider => provider.GetRequiredService<ReminderService>());
        return services;
    }
}
