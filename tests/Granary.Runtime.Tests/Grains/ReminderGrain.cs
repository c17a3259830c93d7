using Granary.Concurrency;
using Granary.Membership;
using Granary.Reminders;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Runtime.Tests.Grains;

// Reentrant, so that overlapping ticks (if the service ever sent them) would run side by side and be counted.
[Reentrant]
public sealed class ReminderGrain(ReminderTickLog log, Gates gates) : Grain, IReminderGrain, IRemindable
{
    private readonly Dictionary<string, List<IGrainReminder>> _handles = [];

    public async Task<ReminderInfo> Register(string name, TimeSpan dueTime, TimeSpan period)
    {
        var reminder = await this.RegisterOrUpdateReminder(name, dueTime, period);
        if (!_handles.TryGetValue(name, out var handles))
        {
            _handles[name] = handles = [];
        }

        handles.Add(reminder);
        return Info(reminder);
    }

    public async Task Unregister(string name)
    {
        var reminder = _handles.TryGetValue(name, out var handles) && handles.Count > 0 ? handles[^1] : await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task UnregisterFirstHandle(string name) => this.UnregisterReminder(_handles[name][0]);

    public async Task<ReminderInfo?> Get(string name) => await this.GetReminder(name) is { } reminder ? Info(reminder) : null;

    public async Task<List<ReminderInfo>> GetAll() => [.. (await this.GetReminders()).Select(Info)];

    public Task<string> WhereAreYou() => Task.FromResult(ServiceProvider.GetService<ILocalSiloDetails>()?.SiloAddress.ToString() ?? "local");

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var key = this.GetPrimaryKeyString();
        var silo = ServiceProvider.GetService<ILocalSiloDetails>()?.SiloAddress.ToString() ?? "local";
        var tick = log.Enter(key, reminderName, status, silo);
        try
        {
            if (reminderName.StartsWith("slow", StringComparison.Ordinal))
            {
                await gates.WaitAsync($"{key}/{reminderName}/{tick}");
            }

            if (reminderName.StartsWith("throw", StringComparison.Ordinal))
            {
                throw new GrainTestException($"tick {tick} of {reminderName} fails");
            }
        }
        finally
        {
            log.Exit(key, reminderName);
        }
    }

    private static ReminderInfo Info(IGrainReminder reminder) => new(reminder.ReminderName, reminder.FirstTickTime, reminder.Period);
}

public sealed class NotRemindableGrain : Grain, INotRemindableGrain
{
    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);
}
