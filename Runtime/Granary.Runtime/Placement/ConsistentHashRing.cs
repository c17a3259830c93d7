namespace Granary.Placement;

/// <summary>
/// Maps 32-bit hashes onto nodes with consistent hashing: each node owns many points on a ring, a hash
/// belongs to the first point at or after it. Adding a node moves about 1/N of the hashes to it and
/// none between the others. Every silo builds the same ring from the same membership, so all agree on
/// a grain's owner without asking anyone. Immutable: build a new ring when membership changes.
/// </summary>
internal sealed class ConsistentHashRing<TNode>
    where TNode : notnull
{
    /// <summary>Points per node: enough that shares stay within a few percent of 1/N for small clusters.</summary>
    public const int DefaultPointsPerNode = 64;

    private readonly uint[] _points;
    private readonly TNode[] _owners;

    public ConsistentHashRing(IEnumerable<KeyValuePair<TNode, string>> nodes, int pointsPerNode = DefaultPointsPerNode)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerNode, 1);
        var points = new List<(uint Point, string Name, TNode Node)>();
        var nodeList = new List<TNode>();
        foreach (var (node, stableName) in nodes)
        {
            nodeList.Add(node);
            for (var i = 0; i < pointsPerNode; i++)
            {
                points.Add((Mix(StableHash.Of(stableName, i.ToString(System.Globalization.CultureInfo.InvariantCulture))), stableName, node));
            }
        }

        // Ties (vanishingly rare) are broken by name so every silo orders the ring identically.
        points.Sort(static (a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : string.CompareOrdinal(a.Name, b.Name));
        _points = new uint[points.Count];
        _owners = new TNode[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            _points[i] = points[i].Point;
            _owners[i] = points[i].Node;
        }

        Nodes = nodeList;
    }

    public IReadOnlyList<TNode> Nodes { get; }

    public bool IsEmpty => _points.Length == 0;

    /// <summary>The node owning <paramref name="hash"/>.</summary>
    /// <exception cref="InvalidOperationException">The ring has no nodes.</exception>
    public TNode GetOwner(uint hash)
    {
        if (_points.Length == 0)
        {
            throw new InvalidOperationException("The hash ring is empty: no active silo.");
        }

        var index = Array.BinarySearch(_points, Mix(hash));
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    // FNV-1a of inputs that differ only in their last characters (silo names, point numbers, sequential
    // keys) lands close together; murmur3's finaliser spreads them over the whole ring.
    private static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
