namespace Granary.Grains.Users;

/// <summary>Role names carried by accounts (and by the gateway's tokens).</summary>
public static class UserRoles
{
    /// <summary>May write the catalog and inventory.</summary>
    public const string Admin = "admin";
}
