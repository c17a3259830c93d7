namespace Granary.ApiGateway;

/// <summary>Every log event id of the gateway, in one place so they never collide; one range per folder.</summary>
internal static class EventIds
{
    // Hosting (1-99)
    public const int GatewayMode = 1;

    // Security (100-199)
    public const int SigningKeyGenerated = 100;

    // Cluster (200-299)
    public const int ClusterConnectRetry = 200;
    public const int GrainCallAbandoned = 201;

    // Errors (300-399)
    public const int RequestRefused = 300;
    public const int ClusterUnavailable = 301;
    public const int UnexpectedError = 302;

    // Health (400-499)
    public const int NotReady = 400;
}
