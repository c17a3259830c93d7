namespace Granary.ApiGateway.Security;

/// <summary>Authorization policies of the routes; every route without one needs an authenticated caller (the fallback).</summary>
internal static class GatewayPolicies
{
    /// <summary>Catalog and inventory writes, inventory reads: the <c>admin</c> role.</summary>
    public const string Admin = "admin";
}
