namespace Granary.Extensions.Tests.Schema;

internal sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    // Far in the future: the tests check the table, not delivery.
    private static readonly TimeSpan DueAndPeriod = TimeSpan.FromHours(1);

    public Task RegisterAsync(string name) => this.RegisterOrUpdateReminder(name, DueAndPeriod, DueAndPeriod);

    public async Task<bool> ExistsAsync(string name) => await this.GetReminder(name) is not null;

    public async Task<int> CountAsync() => (await this.GetReminders()).Count;

    public async Task UnregisterAsync(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"No reminder '{name}'.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
