namespace Granary.ApiGateway.Cluster;

/// <summary><c>Gateway:Orders</c>: how long <c>POST /orders</c> waits for the saga before answering 202.</summary>
public sealed class OrderPlacementOptions
{
    public const string SectionName = "Gateway:Orders";

    /// <summary>
    /// An order that reaches its final state within this budget is answered 201; one still pending is answered 202
    /// with its <c>Location</c> to poll while its saga goes on in the grain. Default 2 s.
    /// </summary>
    public TimeSpan WaitBudget { get; set; } = TimeSpan.FromSeconds(2);
}
