using Granary.Hosting;

namespace Granary.Membership.Relational;

/// <summary>Creates the membership tables (where the provider does) and the cluster's version row before the silo joins.</summary>
internal sealed class RelationalMembershipTableInitializer(IMembershipTable table) : ISiloStartupTask
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => table.InitializeAsync(cancellationToken);
}
