namespace Granary.Extensions.Resilience;

/// <summary>How <see cref="RejectedCallRetryFilter"/> resends refused calls.</summary>
public sealed class RejectedCallRetryOptions
{
    /// <summary>Resends after the first refusal; 0 turns the filter off.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Pause before the first resend; doubled before each next one.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
