namespace Granary.Silo.Tests.Grains;

public sealed class ReminderProbeGrain(
    [PersistentState("ticks")] IPersistentState<ReminderProbeState> state,
    ILocalSiloDetails silo,
    TimeProvider timeProvider) : Grain, IReminderProbeGrain, IRemindable
{
    private const string ReminderName = "probe";

    public async Task StartAsync(TimeSpan period) => await this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task StopAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<ReminderTicks> GetTicksAsync() => Task.FromResult(new ReminderTicks(state.State.Count, state.State.LastSilo, state.State.LastTick));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Count++;
        state.State.LastSilo = silo.SiloAddress;
        state.State.LastTick = timeProvider.GetUtcNow();
        await state.WriteStateAsync();
    }
}
