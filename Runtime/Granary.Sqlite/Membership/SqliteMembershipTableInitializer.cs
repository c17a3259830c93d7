using Granary.Hosting;
using Granary.Membership;

namespace Granary.Sqlite.Membership;

/// <summary>Creates the membership tables and the cluster's version row before the silo joins.</summary>
internal sealed class SqliteMembershipTableInitializer(IMembershipTable table) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => table.InitializeAsync(cancellationToken);
}
