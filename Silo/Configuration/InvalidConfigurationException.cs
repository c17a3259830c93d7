namespace Granary.Silo.Configuration;

/// <summary>A setting is missing or wrong; the message names it. The silo refuses to start.</summary>
public sealed class InvalidConfigurationException(string message, Exception? innerException = null) : Exception(message, innerException);
