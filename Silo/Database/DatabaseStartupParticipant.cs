using Granary.Silo.Configuration;
using Orleans;
using Orleans.Runtime;

namespace Granary.Silo.Database;

/// <summary>Runs <see cref="DatabaseStartup"/> at the silo's very first lifecycle stage, before membership, storage or reminders read their tables.</summary>
internal sealed class DatabaseStartupParticipant(DatabaseStartup startup, DatabaseOptions options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(DatabaseStartupParticipant), ServiceLifecycleStage.First, cancellationToken => startup.RunAsync(options.Schema, cancellationToken));
}
