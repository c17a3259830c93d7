using Granary.Hosting;
using Granary.Membership;

namespace Granary.Postgres.Membership;

/// <summary>Creates the membership tables (unless CreateSchema is false) and the cluster's version row before the silo joins.</summary>
internal sealed class PostgresMembershipTableInitializer(IMembershipTable table) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => table.InitializeAsync(cancellationToken);
}
