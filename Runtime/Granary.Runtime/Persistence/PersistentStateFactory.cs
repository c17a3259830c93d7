using Granary.Runtime;
using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Persistence;

/// <summary>Gives generated grain factories the state objects for [PersistentState] constructor parameters.</summary>
internal sealed class PersistentStateFactory(IServiceProvider services) : IPersistentStateFactory
{
    public const string DefaultStorageName = "Default";

    public IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateName);
        var name = string.IsNullOrWhiteSpace(storageName) ? DefaultStorageName : storageName;
        var storage = services.GetKeyedService<IGrainStorage>(name)
            ?? throw new GranaryException(
                $"Grain {context.GrainId} needs the grain storage '{name}' for its state '{stateName}', but no storage of that "
                + $"name is registered. Configure Granary:Storage:{name} or call AddMemoryGrainStorage/AddSqliteGrainStorage/"
                + $"AddPostgresGrainStorage(\"{name}\") on the silo.");
        return new PersistentState<TState>(stateName, context, storage);
    }
}
