namespace Granary.Silo;

/// <summary>Every log event id of the silo host, in one place so they never collide.</summary>
internal static class EventIds
{
    public const int DatabaseReady = 100;
    public const int DatabaseUnreachable = 101;
    public const int DemoCatalog = 200;
}
