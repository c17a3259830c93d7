namespace Granary;

/// <summary>The silo that would serve the call is not running (not started yet, stopping, or gone).</summary>
public sealed class SiloUnavailableException(string message) : GranaryException(message);
