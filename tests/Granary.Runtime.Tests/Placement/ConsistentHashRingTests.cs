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
    public void Realistic_silo_addresses_share_sequential_keys_evenly()
    {
        // Silo names differ only in port and start time; keys are often sequential numbers.
        var random = new Random(1234);
        for (var cluster = 0; cluster < 20; cluster++)
        {
            var generation = 639_309_000_000_000_000L + random.NextInt64(1_000_000_000);
            var ring = Ring(Enumerable.Range(0, 3).Select(i => $"127.0.0.1:{40000 + random.Next(20000)}@{generation + i}").ToArray());

            var shares = Enumerable.Range(0, 30_000).GroupBy(i => ring.GetOwner(Hash(i))).Select(g => g.Count()).ToList();

            Assert.Equal(3, shares.Count);
            Assert.All(shares, count => Assert.InRange(count, 6_000, 14_000));
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
