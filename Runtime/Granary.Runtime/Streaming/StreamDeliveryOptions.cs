namespace Granary.Streaming;

/// <summary>
/// How a stream provider's delivery agents read and retry, per provider: <c>Granary:Streams:{name}:Delivery</c>.
/// </summary>
public sealed class StreamDeliveryOptions
{
    /// <summary>Most events an agent reads from its queue at once.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Attempts per event and consumer before the event goes to the dead letters (1 = no retry).</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled for each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest an agent waits on an empty queue before reading it again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often an agent renews its queue lease, and an unassigned one tries to take it.</summary>
    public TimeSpan LeaseRenewalPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
