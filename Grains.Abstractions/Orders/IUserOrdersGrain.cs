using System.Collections.Immutable;

namespace Granary.Grains.Orders;

/// <summary>A user's order history (read model fed by order events), keyed by user id.</summary>
public interface IUserOrdersGrain : IGrainWithGuidKey
{
    /// <summary>The user's orders, newest first.</summary>
    Task<ImmutableArray<OrderView>> List();
}
