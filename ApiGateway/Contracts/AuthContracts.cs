using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Granary.ApiGateway.Contracts;

public sealed record RegisterRequest(
    [property: Required, Description("Unique (case-insensitive), at most 254 characters.")] string? Email,
    [property: Required, Description("8 to 128 characters.")] string? Password,
    [property: Required, Description("1 to 100 characters.")] string? Name);

public sealed record RegisterResponse(Guid UserId);

public sealed record LoginRequest(
    [property: Required] string? Email,
    [property: Required] string? Password);

public sealed record LoginResponse(
    [property: Description("A JWT to send as 'Authorization: Bearer <token>'.")] string AccessToken,
    [property: Description("Seconds until the token expires.")] int ExpiresIn);
