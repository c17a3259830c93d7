using Granary.Placement;

namespace Granary.Runtime.Tests.Placement;

public sealed class ConsistentHashRingTests
{
    private static readonly GrainType Type = new("item");

    [Fact]
    public void Three_nodes_share_grains_roughly_evenly()
    {
        var ring = Ring("a", "b", "c");

        var shares = Enumerable.Range(0, 30_000)
            .GroupBy(i => ring.GetOwner(Hash(i)))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, shares.Count);
        Assert.All(shares.Values, count => Assert.InRange(count, 7_000, 13_000));
    }

    [Fact]
    public void A_new_node_takes_about_its_share_and_only_from_others_to_itself()
    {
        var before = Ring("a", "b", "c");
        var after = Ring("a", "b", "c", "d");

        var moved = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var oldOwner = before.GetOwner(Hash(i));
            var newOwner = after.GetOwner(Hash(i));
            if (oldOwner != newOwner)
            {
                Assert.Equal("d", newOwner);
                moved++;
            }
        }

        Assert.InRange(moved, 4_500, 10_500);
    }

    [Fact]
    public void Every_silo_builds_the_same_ring_whatever_order_it_learns_the_nodes_in()
    {
        var one = Ring("a", "b", "c");
        var other = Ring("c", "a", "b");

        for (var i = 0; i < 5_000; i++)
        {
            Assert.Equal(one.GetOwner(Hash(i)), other.GetOwner(Hash(i)));
        }
    }

    [Fact]
    public void An_empty_ring_says_there_is_no_active_silo()
    {
        var ring = Ring();

        Assert.True(ring.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => ring.GetOwner(42));
    }

    private static ConsistentHashRing<string> Ring(params string[] nodes) =>
        new(nodes.Select(n => KeyValuePair.Create(n, $"silo-{n}")));

    private static uint Hash(int i) => GrainId.Create(Type, i.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetUniformHashCode();
}
