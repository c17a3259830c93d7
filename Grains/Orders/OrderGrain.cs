using System.Security.Cryptography;
using System.Text;
using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Errors;
using Granary.Grains.Events;
using Granary.Grains.Inventory;
using Granary.Grains.Outbox;
using Granary.Grains.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Grains.Orders;

/// <summary>
/// One order and its saga: reserve every line (all or nothing), charge, confirm; any failure compensates (release,
/// refund). The grain is not reentrant, so one saga step runs at a time. A reminder registered before the order is
/// accepted finishes a saga left behind by a crash, whichever silo the grain reactivates on.
/// </summary>
internal sealed partial class OrderGrain : Grain, IOrderGrain, IRemindable
{
    private const string SagaReminder = "saga";

    private readonly IPersistentState<OrderState> _state;
    private readonly OrderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OrderGrain> _logger;
    private readonly EventOutbox<OrderState> _outbox;
    private IGrainReminder? _reminder;
    private OrderView? _persisted;

    public OrderGrain(
        [PersistentState("order")] IPersistentState<OrderState> state,
        IOptions<OrderOptions> options,
        TimeProvider time,
        ILogger<OrderGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _outbox = new EventOutbox<OrderState>(this, state, logger);
    }

    private Guid OrderId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _persisted = View();
        return _outbox.PublishAsync();
    }


    public Task<OrderView?> Get() => Task.FromResult(_persisted);

    public async Task<OrderView> Place(PlaceOrder command)
    {
        command.Validate();
        if (OrderIds.For(command.UserId, command.IdempotencyKey) != OrderId)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["idempotencyKey"] = ["does not lead to this order"] });
        }

        var fingerprint = Fingerprint(command);
        var order = _state.State;
        if (order.Step != SagaStep.None)
        {
            if (order.UserId != command.UserId || order.Fingerprint != fingerprint)
            {
                throw new IdempotencyConflictException("This idempotency key was already used for another order request.");
            }

            // A repeat: the same order, finished first if its saga was cut short (never charged twice).
            await RunAsync();
            return _persisted!;
        }

        var items = await PriceAsync(command.Items);
        var now = _time.GetUtcNow();
        // Registered before anything is persisted: no accepted order exists without a reminder to finish it.
        _reminder = await this.RegisterOrUpdateReminder(SagaReminder, _options.SagaDeadline, _options.ReminderPeriod);

        order.Step = SagaStep.Accepted;
        order.Status = OrderStatus.Pending;
        order.UserId = command.UserId;
        order.Fingerprint = fingerprint;
        order.Items = items;
        order.Total = Total(items);
        order.PaymentToken = command.PaymentToken;
        order.CreatedAt = now;
        order.Deadline = now + _options.SagaDeadline;
        await SaveAsync(view => new OrderPlaced(view));
        await RunAsync();
        return _persisted!;
    }

    public async Task<OrderView> Cancel(Guid userId)
    {
        var order = _state.State;
        if (order.Step == SagaStep.None || order.UserId != userId)
        {
            throw new NotFoundException($"No order {OrderId}.");
        }

        if (order.Step == SagaStep.Accepted)
        {
            await BeginCompensationAsync(OrderStatus.Cancelled, "cancelled by the buyer");
        }

        // Finishes what is under way first: a confirming order is confirmed, then cancelled like any confirmed one.
        await RunAsync();
        if (order.Status == OrderStatus.Confirmed)
        {
            order.Step = SagaStep.Cancelling;
            order.Reason = "cancelled by the buyer";
            await SaveAsync(null);
            await RunAsync();
        }

        return order.Status == OrderStatus.Cancelled
            ? _persisted!
            : throw new OrderNotCancellableException($"Order {OrderId} is {order.Status} and can no longer be cancelled.");
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var order = _state.State;
        if (order.Step is SagaStep.None or SagaStep.Done)
        {
            // Done, but its last event may not have been published (the activation published what it could).
            await _outbox.PublishAsync();
            await UnregisterReminderAsync();
            return;
        }

        LogSagaResumed(_logger, OrderId, order.Step);
        if (order.Step == SagaStep.Accepted && _time.GetUtcNow() >= order.Deadline)
        {
            // Reserving or charging did not finish in time: give everything back rather than charge the buyer late.
            LogSagaExpired(_logger, OrderId, _options.SagaDeadline);
            await BeginCompensationAsync(OrderStatus.Cancelled, "not completed in time; nothing was charged");
        }

        await RunAsync();
    }

    // Runs the saga from its persisted step to the end; each step's calls are idempotent by order id.
    private async Task RunAsync()
    {
        while (true)
        {
            switch (_state.State.Step)
            {
                case SagaStep.Accepted:
                    await ReserveAndChargeAsync();
                    break;
                case SagaStep.Confirming:
                    await ConfirmAsync();
                    break;
                case SagaStep.Compensating:
                    await CompensateAsync();
                    break;
                case SagaStep.Cancelling:
                    await CancelConfirmedAsync();
                    break;
                default:
                    return;
            }
        }
    }

    private async Task ReserveAndChargeAsync()
    {
        var lines = Lines();
        var outcomes = await Task.WhenAll(lines.Select(line => Inventory(line.Sku).Reserve(OrderId, line.Quantity)));
        var refused = lines.Zip(outcomes).Where(x => x.Second != ReservationOutcome.Reserved).ToList();
        if (refused.Count > 0)
        {
            var reason = string.Join("; ", refused.Select(x => $"{x.First.Sku}: {Describe(x.Second)}"));
            await BeginCompensationAsync(OrderStatus.Rejected, reason);
            return;
        }

        var order = _state.State;
        var payment = await Payment().Charge(new ChargeRequest(order.UserId, order.Total, order.PaymentToken));
        if (payment.Status != PaymentStatus.Captured)
        {
            await BeginCompensationAsync(OrderStatus.PaymentFailed, payment.DeclineReason ?? $"payment {payment.Status.ToString().ToLowerInvariant()}");
            return;
        }

        order.Step = SagaStep.Confirming;
        await SaveAsync(null);
    }

    private async Task ConfirmAsync()
    {
        await Task.WhenAll(Lines().Select(line => Inventory(line.Sku).Commit(OrderId)));
        await FinishAsync(OrderStatus.Confirmed, null);
    }

    private async Task BeginCompensationAsync(OrderStatus outcome, string reason)
    {
        var order = _state.State;
        order.Step = SagaStep.Compensating;
        order.CompensateTo = outcome;
        order.Reason = reason;
        await SaveAsync(null);
    }

    private async Task CompensateAsync()
    {
        var order = _state.State;
        await Task.WhenAll(Lines().Select(line => Inventory(line.Sku).Release(OrderId)));
        if (order.CompensateTo == OrderStatus.Cancelled)
        {
            // Refunds a captured payment, or voids one never made so that a charge still in flight takes nothing.
            await Payment().Refund();
        }

        await FinishAsync(order.CompensateTo, order.Reason);
    }

    private async Task CancelConfirmedAsync()
    {
        await Payment().Refund();
        await Task.WhenAll(Lines().Select(line => Inventory(line.Sku).Return(OrderId, line.Quantity)));
        await FinishAsync(OrderStatus.Cancelled, _state.State.Reason);
    }

    private async Task FinishAsync(OrderStatus status, string? reason)
    {
        var order = _state.State;
        order.Step = SagaStep.Done;
        order.Status = status;
        order.Reason = reason;
        await SaveAsync(view => status switch
        {
            OrderStatus.Confirmed => new OrderConfirmed(view),
            OrderStatus.Rejected => new OrderRejected(view),
            OrderStatus.PaymentFailed => new OrderPaymentFailed(view),
            _ => new OrderCancelled(view),
        });
        await UnregisterReminderAsync();
    }

    private async Task SaveAsync(Func<OrderView, OrderEvent>? @event)
    {
        var order = _state.State;
        order.Version++;
        order.UpdatedAt = _time.GetUtcNow();
        var view = View()!;
        if (@event is not null)
        {
            _outbox.Add(StreamId.Create(ShopStreams.UserEvents, order.UserId), @event(view), view.Version, view.UpdatedAt);
        }

        await _outbox.WriteAndPublishAsync();
        _persisted = view;
    }

    // The reminder also guards the final event: it stays until the outbox is empty.
    private async Task UnregisterReminderAsync()
    {
        if (_outbox.HasPending)
        {
            return;
        }

        try
        {
            _reminder ??= await this.GetReminder(SagaReminder);
            if (_reminder is not null)
            {
                await this.UnregisterReminder(_reminder);
                _reminder = null;
            }
        }
        catch (Exception exception)
        {
            // Harmless: the reminder fires once more, finds the saga done, and unregisters then.
            LogReminderCleanupFailed(_logger, exception, OrderId);
        }
    }

    private async Task<List<OrderItem>> PriceAsync(IReadOnlyList<OrderLine> lines)
    {
        var skus = lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList();
        var products = await Task.WhenAll(skus.Select(sku => GrainFactory.GetGrain<IProductGrain>(sku).Get()));
        var unknown = skus.Where((_, i) => products[i] is null).ToList();
        if (unknown.Count > 0)
        {
            throw new UnknownSkuException(unknown);
        }

        var prices = products.ToDictionary(p => p!.Sku, p => p!, StringComparer.Ordinal);
        var discontinued = prices.Values.Where(p => p.Discontinued).Select(p => p.Sku).ToList();
        if (discontinued.Count > 0)
        {
            throw new ProductDiscontinuedException($"No longer sold: {string.Join(", ", discontinued)}.");
        }

        if (prices.Values.Select(p => p.Price.Currency).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new CurrencyMismatchException("The products are priced in different currencies; order them separately.");
        }

        return [.. lines.Select(l => new OrderItem(l.Sku, l.Quantity, prices[l.Sku].Price))];
    }

    private static Money Total(List<OrderItem> items)
    {
        try
        {
            return items.Skip(1).Aggregate(items[0].UnitPrice.Times(items[0].Quantity), (sum, item) => sum.Add(item.UnitPrice.Times(item.Quantity)));
        }
        catch (OverflowException)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["items"] = ["the order total is too large"] });
        }
    }

    // One reservation per SKU (repeated lines of a SKU add up).
    private List<OrderLine> Lines()
        => [.. _state.State.Items.GroupBy(i => i.Sku, StringComparer.Ordinal).Select(g => new OrderLine(g.Key, g.Sum(i => i.Quantity)))];

    private static string Describe(ReservationOutcome outcome) => outcome switch
    {
        ReservationOutcome.OutOfStock => "out of stock",
        ReservationOutcome.Discontinued => "discontinued",
        _ => "reservation already released",
    };

    private static string Fingerprint(PlaceOrder command)
    {
        var body = new StringBuilder(command.PaymentToken).Append('\n');
        foreach (var line in command.Items)
        {
            body.Append(line.Sku).Append(' ').Append(line.Quantity).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToString())));
    }

    private IInventoryGrain Inventory(string sku) => GrainFactory.GetGrain<IInventoryGrain>(sku);

    private IPaymentGrain Payment() => GrainFactory.GetGrain<IPaymentGrain>(OrderId);

    private OrderView? View()
    {
        var o = _state.State;
        return o.Step == SagaStep.None
            ? null
            : new OrderView(OrderId, o.UserId, o.Status, [.. o.Items], o.Total, o.CreatedAt, o.UpdatedAt, o.Reason, o.Version);
    }

    [LoggerMessage(EventId = EventIds.SagaResumed, Level = LogLevel.Information, Message = "Order {OrderId}: reminder resumes the saga at step {Step}")]
    private static partial void LogSagaResumed(ILogger logger, Guid orderId, SagaStep step);

    [LoggerMessage(EventId = EventIds.SagaExpired, Level = LogLevel.Warning, Message = "Order {OrderId}: not completed within {Deadline}; compensating")]
    private static partial void LogSagaExpired(ILogger logger, Guid orderId, TimeSpan deadline);

    [LoggerMessage(EventId = EventIds.ReminderCleanupFailed, Level = LogLevel.Debug, Message = "Order {OrderId}: could not unregister the saga reminder; it will unregister when it fires")]
    private static partial void LogReminderCleanupFailed(ILogger logger, Exception exception, Guid orderId);
}
