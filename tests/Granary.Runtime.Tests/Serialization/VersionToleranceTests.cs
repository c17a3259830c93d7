namespace Granary.Runtime.Tests.Serialization;

/// <summary>Two builds of one type ([Alias]-ed, v2 adds fields) read each other: unknown fields are skipped, missing ones keep defaults.</summary>
public sealed class VersionToleranceTests
{
    private readonly WireTestHarness _harness = new();

    [Fact]
    public void Newer_writer_older_reader_skips_unknown_fields()
    {
        var v2 = new ProfileV2
        {
            Name = "ada",
            Score = 7,
            Badges = ["gold", "silver"],
            Address = new Address { City = "Rome" },
            Nickname = "A",
        };
        var v1 = _harness.Deserialize<ProfileV1>(_harness.Serialize(v2));
        Assert.Equal("ada", v1.Name);
        Assert.Equal(7, v1.Score);
    }

    [Fact]
    public void Older_writer_newer_reader_keeps_defaults()
    {
        var v2 = _harness.Deserialize<ProfileV2>(_harness.Serialize(new ProfileV1 { Name = "bob", Score = 3 }));
        Assert.Equal("bob", v2.Name);
        Assert.Equal(3, v2.Score);
        Assert.Empty(v2.Badges);
        Assert.Null(v2.Address);
        Assert.Equal("unset", v2.Nickname);
    }

    [Fact]
    public void Unknown_fields_inside_collections_and_later_fields_still_read()
    {
        var list = new List<ProfileV2> { new() { Name = "x", Badges = ["b"], Address = new Address() }, new() { Name = "y" } };
        var read = _harness.Deserialize<List<ProfileV1>>(_harness.Serialize(list));
        Assert.Equal(["x", "y"], read.Select(p => p.Name));
    }

    [Fact]
    public void Integers_can_be_widened()
    {
        Assert.Equal(5L, _harness.Deserialize<long>(_harness.Serialize(5)));
        Assert.Equal(-5, _harness.Deserialize<int>(_harness.Serialize(-5L)));
    }
}
