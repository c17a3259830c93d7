using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Granary.ApiGateway.Security;

/// <summary>The claims of the gateway's tokens, as they arrive (no inbound mapping): <c>sub</c>, <c>email</c>, <c>role</c>.</summary>
internal static class GatewayClaims
{
    public const string Subject = JwtRegisteredClaimNames.Sub;
    public const string Email = JwtRegisteredClaimNames.Email;
    public const string Role = "role";

    /// <summary>The caller's user id; tokens without one are refused at validation, so an authorized caller has it.</summary>
    public static Guid UserId(this ClaimsPrincipal user)
        => TryGetUserId(user, out var id) ? id : throw new InvalidOperationException("The caller is not authenticated.");

    public static bool TryGetUserId(ClaimsPrincipal user, out Guid id)
    {
        id = Guid.Empty;
        return user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirst(Subject)?.Value, out id) && id != Guid.Empty;
    }
}
