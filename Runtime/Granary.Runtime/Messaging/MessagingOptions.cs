namespace Granary.Messaging;

/// <summary>How grain calls are timed. Bound from configuration section <c>Granary:Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Granary:Messaging";

    /// <summary>How long a caller waits for a grain's answer before <see cref="GrainCallTimeoutException"/>. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often pending calls are checked against their deadline. Default 1 s; a timeout fires at most this late.</summary>
    public TimeSpan ResponseTimeoutCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
