namespace Granary.Grains.Inventory;

/// <summary>
/// Stock of one SKU. Reservations are keyed by order id, so reserve, release, commit and return are idempotent;
/// on hand and reserved never go negative and reserved never exceeds on hand.
/// </summary>
public interface IInventoryGrain : IGrainWithStringKey
{
    Task<StockLevel> Get();

    /// <summary>Adds units (quantity 1..1,000,000); <see cref="Errors.UnknownSkuException"/> when no product has this SKU.</summary>
    Task<StockLevel> Restock(int quantity);

    /// <summary>Holds <paramref name="quantity"/> units for <paramref name="orderId"/>, all or nothing.</summary>
    Task<ReservationOutcome> Reserve(Guid orderId, int quantity);

    /// <summary>Gives the order's held units back (no-op when none are held).</summary>
    Task<StockLevel> Release(Guid orderId);

    /// <summary>Turns the order's held units into a deduction from on hand (no-op when none are held).</summary>
    Task<StockLevel> Commit(Guid orderId);

    /// <summary>Puts a committed order's units back on hand (a cancelled confirmed order), once per order.</summary>
    Task<StockLevel> Return(Guid orderId, int quantity);

    /// <summary>Refuses new reservations from now on (the product was discontinued).</summary>
    Task Discontinue();
}
