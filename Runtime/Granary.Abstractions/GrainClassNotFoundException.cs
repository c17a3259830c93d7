namespace Granary;

/// <summary>No grain class, or more than one, implements the requested grain interface.</summary>
public sealed class GrainClassNotFoundException(string message) : GranaryException(message);
