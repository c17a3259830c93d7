namespace Granary.Runtime;

/// <summary>Creates the state objects generated grain factories pass to constructors.</summary>
public interface IPersistentStateFactory
{
    IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName);
}
