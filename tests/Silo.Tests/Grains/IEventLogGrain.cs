namespace Granary.Silo.Tests.Grains;

/// <summary>Consumes its stream (implicit subscription, key = grain key) and keeps every event in persisted state.</summary>
public interface IEventLogGrain : IGrainWithStringKey
{
    Task<List<int>> GetReceivedAsync();
}
