using System.Globalization;

namespace Granary.Benchmarks.Shop;

/// <summary>One buyer of the order scenarios: a user of its own, a fresh idempotency key per order, its confirmed orders.</summary>
internal sealed class Buyer
{
    private readonly List<Guid> _confirmed = [];
    private long _orders;

    public Guid UserId { get; } = Guid.NewGuid();

    /// <summary>Orders this buyer saw confirmed, in no particular order (read-model check).</summary>
    public IReadOnlyList<Guid> Confirmed
    {
        get
        {
            lock (_confirmed)
            {
                return [.. _confirmed];
            }
        }
    }

    /// <summary>A key never used before by this buyer (open-loop arrivals may share a buyer, hence the interlock).</summary>
    public string NextIdempotencyKey() => "bench-" + Interlocked.Increment(ref _orders).ToString(CultureInfo.InvariantCulture);

    public void RecordConfirmed(Guid orderId)
    {
        lock (_confirmed)
        {
            _confirmed.Add(orderId);
        }
    }
}
