namespace Granary.Membership;

/// <summary>
/// Checks directly whether another silo answers (over the silo-to-silo transport). The membership agent
/// calls it for the silos it monitors every probe interval, with a token that fires at the probe timeout.
/// </summary>
public interface ISiloProber
{
    /// <summary>True when <paramref name="target"/> answered; false or an exception when it did not.</summary>
    Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken);
}
