namespace Granary.Invocation;

/// <summary>Per-method call semantics, taken from the interface method's attributes at build time.</summary>
[Flags]
public enum InvokeMethodOptions
{
    None = 0,

    /// <summary>[ReadOnly]: may interleave with other read-only calls.</summary>
    ReadOnly = 1,

    /// <summary>[AlwaysInterleave]: may interleave with any call.</summary>
    AlwaysInterleave = 2,

    /// <summary>[OneWay]: the caller does not wait for a result.</summary>
    OneWay = 4,
}
