using System.Collections.Immutable;
using Granary.Grains.Orders;
using Granary.Grains.Payments;

namespace Granary.Benchmarks.Shop;

/// <summary>
/// Places orders the way buyers do: one line mostly, sometimes two or three, random products, quantity 1–3, paid with
/// a token that pays; each order under a fresh idempotency key of its buyer. Counts what every call ended in.
/// </summary>
internal sealed class OrderWorkload
{
    private readonly IGrainFactory _grains;
    private readonly string[] _skus;
    private long _placed;
    private long _confirmed;
    private long _notConfirmed;
    private long _threw;
    private string? _firstFailure;

    public OrderWorkload(IGrainFactory grains, string[] skus, int buyers)
    {
        _grains = grains;
        _skus = skus;
        Buyers = [.. Enumerable.Range(0, buyers).Select(_ => new Buyer())];
    }

    public Buyer[] Buyers { get; }

    /// <summary>Place calls made (answered or not).</summary>
    public long Placed => Volatile.Read(ref _placed);

    public long ConfirmedOrders => Volatile.Read(ref _confirmed);

    /// <summary>Orders answered in a state other than Confirmed, plus calls that threw.</summary>
    public long FailedOrders => Volatile.Read(ref _notConfirmed) + Volatile.Read(ref _threw);

    public string Describe() =>
        $"{Placed} orders placed, {ConfirmedOrders} confirmed, {Volatile.Read(ref _notConfirmed)} ended otherwise, {Volatile.Read(ref _threw)} calls threw"
        + (Volatile.Read(ref _firstFailure) is { } first ? $"; first failure: {first}" : string.Empty);

    /// <summary>
    /// Places one order for buyer <paramref name="buyer"/> (modulo the buyers) and waits for its saga's answer; throws
    /// when the call fails or the order was not confirmed, so load loops count it as a failure.
    /// </summary>
    public async Task PlaceAsync(long buyer)
    {
        var who = Buyers[buyer % Buyers.Length];
        var (user, key) = who.NextOrder();
        var command = new PlaceOrder(user, key, Lines(), PaymentTokens.Ok);
        Interlocked.Increment(ref _placed);
        OrderView order;
        try
        {
            order = await _grains.GetGrain<IOrderGrain>(OrderIds.For(user, key)).Place(command);
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _threw);
            Interlocked.CompareExchange(ref _firstFailure, $"{exception.GetType().Name}: {exception.Message}", null);
            throw;
        }

        if (order.Status != OrderStatus.Confirmed)
        {
            Interlocked.Increment(ref _notConfirmed);
            var failure = new OrderNotConfirmedException(order);
            Interlocked.CompareExchange(ref _firstFailure, failure.Message, null);
            throw failure;
        }

        Interlocked.Increment(ref _confirmed);
        who.RecordConfirmed(user, order.OrderId);
    }

    // 75 % one line, 18 % two, 7 % three; distinct products.
    private ImmutableArray<OrderLine> Lines()
    {
        var roll = Random.Shared.Next(100);
        var count = roll < 75 ? 1 : roll < 93 ? 2 : 3;
        var lines = ImmutableArray.CreateBuilder<OrderLine>(count);
        while (lines.Count < count)
        {
            var sku = _skus[Random.Shared.Next(_skus.Length)];
            if (!lines.Any(l => l.Sku == sku))
            {
                lines.Add(new OrderLine(sku, 1 + Random.Shared.Next(3)));
            }
        }

        return lines.MoveToImmutable();
    }
}
