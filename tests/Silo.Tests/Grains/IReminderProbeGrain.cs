namespace Granary.Silo.Tests.Grains;

/// <summary>Counts the ticks of its reminder in persisted state, with the silo of the last tick.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan period);

    Task StopAsync();

    Task<ReminderTicks> GetTicksAsync();
}
