using Granary.Hosting;

namespace Granary.Runtime.Tests.Persistence;

public sealed class MemoryPersistentStateTests : PersistentStateTests
{
    protected override bool SurvivesRestart => false;

    protected override void ConfigureStorage(ISiloBuilder silo) => silo.AddMemoryGrainStorage();
}
