using System.Collections.Immutable;

namespace Granary.Grains.Users;

/// <summary>A user as others see it (never the password hash).</summary>
[GenerateSerializer, Immutable, Alias("granary.user-profile")]
public sealed record UserProfile(Guid UserId, string Email, string Name, string? Address, ImmutableArray<string> Roles, DateTimeOffset CreatedAt)
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 500;

    public bool IsAdmin => Roles.Contains(UserRoles.Admin);
}
