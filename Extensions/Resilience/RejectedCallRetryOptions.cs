namespace Granary.Extensions.Resilience;

/// <summary>How <see cref="RejectedCallRetryFilter"/> resends refused calls.</summary>
public sealed class RejectedCallRetryOptions
{
    /// <summary>Resends after the first refusal; 0 turns the filter off. With the delays below, about 4.5 s in all:
    /// enough for a client to move off a stopping gateway and for directories to forget a stopping silo on a loaded machine.</summary>
    public int MaxRetries { get; set; } = 8;

    /// <summary>Pause before the first resend; doubled before each next one, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest pause between two resends.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);
}
