namespace Granary.Persistence.Tests;

public sealed class CartState
{
    public string Owner { get; set; } = string.Empty;

    public int Revision { get; set; }

    public List<string> Items { get; set; } = [];
}
