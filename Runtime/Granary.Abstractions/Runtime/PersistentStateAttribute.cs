namespace Granary.Runtime;

/// <summary>
/// Injects an <see cref="IPersistentState{TState}"/> named <see cref="StateName"/> from the storage
/// provider <see cref="StorageName"/> (the provider registered as "Default" when omitted).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}
