namespace Granary.Grains.Inventory;

/// <summary>How a reservation request ended.</summary>
public enum ReservationOutcome
{
    /// <summary>The units are held for the order (also when they already were: reserving is idempotent).</summary>
    Reserved,

    /// <summary>Fewer units are available than asked for; nothing was held.</summary>
    OutOfStock,

    /// <summary>The product is no longer sold; nothing was held.</summary>
    Discontinued,

    /// <summary>The order's reservation was already released or committed; a late request holds nothing.</summary>
    Settled,
}
