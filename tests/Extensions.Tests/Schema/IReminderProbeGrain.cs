namespace Granary.Extensions.Tests.Schema;

/// <summary>Registers, looks up and removes reminders through the silo's reminder service (the ADO.NET table).</summary>
internal interface IReminderProbeGrain : IGrainWithGuidKey
{
    Task RegisterAsync(string name);

    Task<bool> ExistsAsync(string name);

    Task<int> CountAsync();

    Task UnregisterAsync(string name);
}
