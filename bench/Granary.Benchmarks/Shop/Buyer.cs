using System.Globalization;

namespace Granary.Benchmarks.Shop;

/// <summary>
/// One buyer slot of the order scenarios: places orders as a user of its own, a fresh idempotency key per order, and
/// passes to a new user every <see cref="OrdersPerUser"/> orders, as shoppers come and go (a few users placing
/// thousands of orders each would make their order-history read models unlike any shop's).
/// </summary>
internal sealed class Buyer
{
    public const int OrdersPerUser = 5;

    private readonly List<(Guid UserId, Guid OrderId)> _confirmed = [];
    private readonly Lock _lock = new();
    private Guid _user = Guid.NewGuid();
    private int _ordersOfUser;
    private long _orders;

    /// <summary>Orders this buyer saw confirmed and their users, in no particular order (read-model check).</summary>
    public IReadOnlyList<(Guid UserId, Guid OrderId)> Confirmed
    {
        get
        {
            lock (_lock)
            {
                return [.. _confirmed];
            }
        }
    }

    /// <summary>The user of the next order and a key never used before (open-loop arrivals may share a buyer, hence the lock).</summary>
    public (Guid UserId, string IdempotencyKey) NextOrder()
    {
        lock (_lock)
        {
            if (_ordersOfUser == OrdersPerUser)
            {
                _user = Guid.NewGuid();
                _ordersOfUser = 0;
            }

            _ordersOfUser++;
            return (_user, "bench-" + (++_orders).ToString(CultureInfo.InvariantCulture));
        }
    }

    public void RecordConfirmed(Guid userId, Guid orderId)
    {
        lock (_lock)
        {
            _confirmed.Add((userId, orderId));
        }
    }
}
