using Granary.Grains.Errors;
using Granary.Grains.Orders;
using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Cluster;

/// <summary>
/// Places an order and waits for its saga up to <see cref="OrderPlacementOptions.WaitBudget"/>: the final order, or
/// the order as persisted while the saga goes on in its grain (the caller then polls it).
/// </summary>
internal sealed class OrderPlacement(GrainCalls calls, IOptions<OrderPlacementOptions> options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<OrderView> PlaceAsync(PlaceOrder command, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var order = calls.Grains.GetGrain<IOrderGrain>(OrderIds.For(command.UserId, command.IdempotencyKey));
        var placing = calls.Start(_ => order.Place(command));
        try
        {
            return await placing.WaitAsync(options.Value.WaitBudget, time, cancellationToken);
        }
        catch (TimeoutException) when (!placing.IsCompleted)
        {
            // The saga is still running: answer with the order as persisted, below.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !placing.IsCompleted)
        {
            calls.Abandon(placing);
            throw;
        }

        // The grain persists an accepted order before the saga's first step, and Get answers while the saga runs. A
        // request queued behind an earlier one with the same key has not been checked against it yet: when its lines
        // differ it is a conflict whatever the grain would answer later.
        while (true)
        {
            var view = await calls.RunAsync(_ => order.Get(), cancellationToken);
            if (placing.IsCompleted)
            {
                return await placing;
            }

            if (view is not null)
            {
                calls.Abandon(placing);
                return SameLines(view, command)
                    ? view
                    : throw new IdempotencyConflictException("This idempotency key was already used for another order request.");
            }

            if (time.GetElapsedTime(started) >= calls.CallTimeout)
            {
                calls.Abandon(placing);
                throw new ClusterUnavailableException($"The order was not accepted within {calls.CallTimeout.TotalSeconds:0.###} s.");
            }

            try
            {
                await Task.WhenAny(placing, Task.Delay(PollInterval, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                calls.Abandon(placing);
                throw;
            }
        }
    }

    private static bool SameLines(OrderView view, PlaceOrder command)
        => view.Items.Length == command.Items.Length
            && view.Items.Zip(command.Items).All(pair => pair.First.Sku == pair.Second.Sku && pair.First.Quantity == pair.Second.Quantity);
}
