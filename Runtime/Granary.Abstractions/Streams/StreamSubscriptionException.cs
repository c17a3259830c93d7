namespace Granary.Streams;

/// <summary>
/// A subscription cannot be used as asked: subscribing outside a grain's turn, or an event arrived for a
/// subscription this activation attached no observer to.
/// </summary>
public sealed class StreamSubscriptionException(string message) : GranaryException(message);
