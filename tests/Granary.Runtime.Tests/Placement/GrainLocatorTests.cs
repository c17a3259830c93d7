using Granary.Membership;
using Granary.Placement;

namespace Granary.Runtime.Tests.Placement;

public sealed class GrainLocatorTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    private static readonly SiloAddress C = new("127.0.0.1", 11113, 1);

    [Fact]
    public void Before_any_view_every_grain_is_owned_locally()
    {
        var locator = new GrainLocator(new LocalSiloDetails(A, "a", "host"));

        Assert.Null(locator.GetOwner(Id(1)));
        Assert.True(locator.IsLocallyOwned(Id(1)));
    }

    [Fact]
    public void Grains_spread_over_active_silos_and_ignore_silos_that_are_not_active()
    {
        var locator = new GrainLocator(new LocalSiloDetails(A, "a", "host"));
        locator.Update(Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Joining)));

        var owners = Enumerable.Range(0, 3_000).Select(i => locator.GetOwner(Id(i))).ToHashSet();

        Assert.Equal([A, B], owners.Order());
        Assert.Contains(Enumerable.Range(0, 3_000), i => !locator.IsLocallyOwned(Id(i)));
    }

    [Fact]
    public void An_older_view_never_replaces_a_newer_one()
    {
        var locator = new GrainLocator(new LocalSiloDetails(A, "a", "host"));
        Assert.True(locator.Update(Snapshot(5, (A, SiloStatus.Active), (B, SiloStatus.Dead))));

        Assert.False(locator.Update(Snapshot(4, (A, SiloStatus.Active), (B, SiloStatus.Active))));

        Assert.Equal(5, locator.MembershipVersion);
        Assert.True(locator.IsKnownDead(B));
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal(A, locator.GetOwner(Id(i))));
    }

    private static GrainId Id(int i) => GrainId.Create(new GrainType("item"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static ClusterMembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] silos) =>
        new(version, silos.Select(s => new ClusterMember(s.Silo, s.Status, s.Silo.ToString(), "host", null)));
}
