using System.Diagnostics;
using Granary.Grains.Orders;

namespace Granary.Benchmarks.Shop;

/// <summary>
/// Whether the order-history read model caught up: a sample of buyers' <see cref="IUserOrdersGrain"/> lists are read
/// until each of their users' lists shows every order the buyer saw confirmed, as Confirmed (the events travel over the durable streams).
/// </summary>
internal static class ReadModelCheck
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Time until the sample caught up (null if it had not within <paramref name="deadline"/>), and how many orders were still missing then.</summary>
    public static async Task<(TimeSpan? CaughtUpAfter, int Missing)> WaitAsync(
        IGrainFactory grains, IReadOnlyList<Buyer> sample, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var expected = sample.SelectMany(b => b.Confirmed).GroupBy(c => c.UserId)
            .Select(g => (UserId: g.Key, Orders: g.Select(c => c.OrderId).ToList())).ToArray();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var missing = await Task.WhenAll(expected.Select(async user =>
            {
                var listed = await grains.GetGrain<IUserOrdersGrain>(user.UserId).List();
                var confirmed = listed.Where(o => o.Status == OrderStatus.Confirmed).Select(o => o.OrderId).ToHashSet();
                return user.Orders.Count(id => !confirmed.Contains(id));
            }));
            if (missing.Sum() == 0)
            {
                return (clock.Elapsed, 0);
            }

            if (clock.Elapsed > deadline)
            {
                return (null, missing.Sum());
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }
}
