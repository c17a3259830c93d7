namespace Granary.Client;

/// <summary>How a cluster client follows the cluster. Bound from configuration section <c>Granary:Client</c>.</summary>
public sealed class ClientOptions
{
    public const string SectionName = "Granary:Client";

    /// <summary>How often the client re-reads the membership table. Default 1 s.</summary>
    public TimeSpan MembershipRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
