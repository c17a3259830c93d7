using Orleans;

namespace Granary.Extensions.Tests.Sqlite;

[GenerateSerializer]
public sealed class Cart
{
    [Id(0)]
    public List<string> Items { get; set; } = [];

    [Id(1)]
    public long Total { get; set; }
}
