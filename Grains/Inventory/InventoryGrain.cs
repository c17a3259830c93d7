using Granary.Grains.Catalog;
using Granary.Grains.Common;
using Granary.Grains.Errors;
using Granary.Grains.Events;
using Granary.Grains.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Grains.Inventory;

/// <summary>
/// Stock of one SKU. Each request checks and changes the counts within one turn (no await in between) and persists
/// before answering, so concurrent buyers can never oversell; reservations keyed by order id make every saga step
/// repeatable. Commit needs no memory of its own: the order persists that it is committing before it commits.
/// </summary>
internal sealed class InventoryGrain : Grain, IInventoryGrain
{
    private readonly IPersistentState<InventoryState> _state;
    private readonly InventoryOptions _options;
    private readonly TimeProvider _time;
    private readonly EventOutbox<InventoryState> _outbox;
    private int _reserved;
    private DateTimeOffset _nextPrune;

    public InventoryGrain(
        [PersistentState("inventory")] IPersistentState<InventoryState> state,
        IOptions<InventoryOptions> options,
        TimeProvider time,
        ILogger<InventoryGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _time = time;
        _outbox = new EventOutbox<InventoryState>(this, state, logger);
    }

    private string Sku => this.GetPrimaryKeyString();

    private StockLevel Level => new(Sku, _state.State.OnHand, _reserved);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _reserved = _state.State.Reservations.Values.Sum();
        return _outbox.PublishAsync();
    }


    public Task<StockLevel> Get() => Task.FromResult(Level);

    public async Task<StockLevel> Restock(int quantity)
    {
        var errors = new ValidationErrors();
        errors.Require(quantity is > 0 and <= InventoryOptions.MaxRestock, "quantity", $"must be between 1 and {InventoryOptions.MaxRestock}");
        errors.ThrowIfAny();
        if (!_state.State.Known)
        {
            _ = await GrainFactory.GetGrain<IProductGrain>(Sku).Get() ?? throw new UnknownSkuException([Sku]);
            _state.State.Known = true;
        }

        if (_state.State.OnHand > int.MaxValue - quantity)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["quantity"] = ["would overflow the units on hand"] });
        }

        _state.State.OnHand += quantity;
        Publish(new StockChanged(Level, quantity, null));
        await SaveAsync();
        return Level;
    }

    public async Task<ReservationOutcome> Reserve(Guid orderId, int quantity)
    {
        var state = _state.State;
        if (state.Reservations.ContainsKey(orderId))
        {
            return ReservationOutcome.Reserved;
        }

        if (state.Settled.ContainsKey(orderId))
        {
            return ReservationOutcome.Settled;
        }

        if (state.Discontinued)
        {
            return ReservationOutcome.Discontinued;
        }

        if (quantity <= 0 || quantity > Level.Available)
        {
            return ReservationOutcome.OutOfStock;
        }

        var wasLow = IsLow();
        state.Reservations[orderId] = quantity;
        _reserved += quantity;
        Publish(new StockReserved(Level, orderId, quantity));
        PublishLowIfCrossed(wasLow);
        await SaveAsync();
        return ReservationOutcome.Reserved;
    }

    public async Task<StockLevel> Release(Guid orderId)
    {
        var state = _state.State;
        if (state.Settled.ContainsKey(orderId))
        {
            return Level;
        }

        // Remembered even when nothing is held, so a reservation arriving after its release holds nothing.
        state.Settled[orderId] = new SettledOrder(Returned: false, _time.GetUtcNow() + _options.SettledRetention);
        if (state.Reservations.Remove(orderId, out var quantity))
        {
            _reserved -= quantity;
            Publish(new StockReleased(Level, orderId, quantity));
        }

        await SaveAsync();
        return Level;
    }

    public async Task<StockLevel> Commit(Guid orderId)
    {
        var state = _state.State;
        if (!state.Reservations.Remove(orderId, out var quantity))
        {
            return Level;
        }

        _reserved -= quantity;
        state.OnHand -= quantity;
        Publish(new StockChanged(Level, -quantity, orderId));
        await SaveAsync();
        return Level;
    }

    public async Task<StockLevel> Return(Guid orderId, int quantity)
    {
        var state = _state.State;
        if (state.Settled.TryGetValue(orderId, out var settled) && settled.Returned)
        {
            return Level;
        }

        var errors = new ValidationErrors();
        errors.Require(quantity is > 0 and <= InventoryOptions.MaxRestock, "quantity", $"must be between 1 and {InventoryOptions.MaxRestock}");
        errors.ThrowIfAny();
        state.Settled[orderId] = new SettledOrder(Returned: true, _time.GetUtcNow() + _options.SettledRetention);
        state.OnHand += quantity;
        Publish(new StockChanged(Level, quantity, orderId));
        await SaveAsync();
        return Level;
    }

    public async Task Discontinue()
    {
        if (!_state.State.Discontinued)
        {
            _state.State.Discontinued = true;
            await SaveAsync();
        }
    }

    private bool IsLow() => Level.Available < _options.LowStockThreshold;

    private void PublishLowIfCrossed(bool wasLow)
    {
        if (!wasLow && IsLow())
        {
            Publish(new StockLow(Level, _options.LowStockThreshold));
        }
    }

    // Events carry the version the state is about to be saved with.
    private void Publish(StockEvent @event)
        => _outbox.Add(StreamId.Create(ShopStreams.Inventory, Sku), @event, _state.State.Version + 1, _time.GetUtcNow());

    private async Task SaveAsync()
    {
        var state = _state.State;
        state.Version++;
        var now = _time.GetUtcNow();
        if (now >= _nextPrune)
        {
            _nextPrune = now + TimeSpan.FromMinutes(1);
            PruneSettled(now);
        }

        await _outbox.WriteAndPublishAsync();
    }

    private void PruneSettled(DateTimeOffset now)
    {
        var state = _state.State;
        foreach (var expired in state.Settled.Where(s => s.Value.Expires <= now).Select(s => s.Key).ToList())
        {
            state.Settled.Remove(expired);
        }
    }
}
