using Microsoft.Extensions.DependencyInjection;

namespace Granary.Benchmarks.Measurement;

/// <summary>What the shop scenarios add to the product's silo to see where time goes: measuring only, no change of behaviour.</summary>
internal static class SiloInstruments
{
    /// <summary>Wraps the silo's reminder table (whatever the product registered) in a <see cref="TimedReminderTable"/>.</summary>
    public static void TimeReminderTable(ISiloBuilder silo, OperationTimings timings)
    {
        var services = silo.Services;
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IReminderTable))
            ?? throw new InvalidOperationException("The silo registers no reminder table.");
        services.Remove(registered);
        services.AddSingleton<IReminderTable>(sp => new TimedReminderTable(Create(sp, registered), timings));
    }

    /// <summary>Adds <see cref="GrainCallTimingFilter"/> when <see cref="GrainCallTimingFilter.SettingKey"/> is true (investigations).</summary>
    public static void TimeGrainCallsIfAsked(ISiloBuilder silo, BenchmarkOptions options, OperationTimings timings)
    {
        if (options.Settings.Any(s => s.Key == GrainCallTimingFilter.SettingKey && bool.TryParse(s.Value, out var on) && on))
        {
            var filter = new GrainCallTimingFilter(timings);
            silo.AddIncomingGrainCallFilter(filter);
            silo.AddOutgoingGrainCallFilter(filter);
        }
    }

    private static IReminderTable Create(IServiceProvider services, ServiceDescriptor descriptor) => (IReminderTable)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
