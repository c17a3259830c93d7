namespace Granary.ApiGateway.Hosting;

/// <summary>A gateway setting is missing or wrong; the message names it. The gateway refuses to start (exit code 1).</summary>
public sealed class GatewayConfigurationException(string message, Exception? innerException = null) : Exception(message, innerException);
