using Granary.Extensions.Schema;

namespace Granary.Extensions.Tests.Schema;

/// <summary>
/// Orleans' ADO.NET grain storage and reminders on an embedded SQLite file (invariant "System.Data.SQLite", opened by
/// Microsoft.Data.Sqlite) on the project's SQLite scripts; clustering is the embedded default, localhost.
/// </summary>
public sealed class SqliteProviderContractTests : ProviderContractTests
{
    protected override DatabaseKind Database => DatabaseKind.Sqlite;

    private protected override ISiloBuilder UseClustering(ISiloBuilder silo, ScratchDatabase database, string clusterId)
        => silo.UseLocalhostClustering(TestSilo.FreePort(), TestSilo.FreePort(), null, "granary-tests", clusterId);
}
