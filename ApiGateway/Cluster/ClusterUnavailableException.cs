namespace Granary.ApiGateway.Cluster;

/// <summary>The cluster did not answer in time, or the gateway is not connected to it yet: the request is answered 503.</summary>
public sealed class ClusterUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
