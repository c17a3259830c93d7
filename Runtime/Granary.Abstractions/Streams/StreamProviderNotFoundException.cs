namespace Granary.Streams;

/// <summary>No stream provider is registered under the requested name.</summary>
public sealed class StreamProviderNotFoundException(string message) : GranaryException(message);
