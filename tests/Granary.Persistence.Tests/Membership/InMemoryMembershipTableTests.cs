using Granary.Membership;

namespace Granary.Persistence.Tests.Membership;

public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    private readonly InMemoryMembershipTable _store = new("unused");

    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = _store.ForCluster(clusterId);
        await table.InitializeAsync(CancellationToken.None);
        return table;
    }
}
