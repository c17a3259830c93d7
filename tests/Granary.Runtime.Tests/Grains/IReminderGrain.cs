using Granary.Serialization;

namespace Granary.Runtime.Tests.Grains;

/// <summary>
/// Registers reminders on itself; every tick is recorded in the <see cref="ReminderTickLog"/> the test registered.
/// Reminders named "slow…" wait in each tick for the gate "{key}/{name}/{n}"; "throw…" ones throw after recording.
/// </summary>
public interface IReminderGrain : IGrainWithStringKey
{
    Task<ReminderInfo> Register(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>Unregisters the handle of this activation's latest registration of <paramref name="name"/>, else the stored one.</summary>
    Task Unregister(string name);

    /// <summary>Unregisters this activation's first handle of <paramref name="name"/> (stale once it registered again).</summary>
    Task UnregisterFirstHandle(string name);

    Task<ReminderInfo?> Get(string name);

    Task<List<ReminderInfo>> GetAll();

    /// <summary>The silo hosting this activation, or "local" in an unclustered silo.</summary>
    Task<string> WhereAreYou();

    Task Deactivate();
}

[GenerateSerializer]
public sealed record ReminderInfo([property: Id(0)] string Name, [property: Id(1)] DateTime FirstTickTime, [property: Id(2)] TimeSpan Period);

/// <summary>A grain that registers a reminder without implementing <see cref="Granary.Reminders.IRemindable"/>.</summary>
public interface INotRemindableGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);
}
