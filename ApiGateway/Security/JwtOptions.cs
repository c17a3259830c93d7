namespace Granary.ApiGateway.Security;

/// <summary><c>Gateway:Jwt</c>: the access tokens the gateway issues at login and accepts as <c>Authorization: Bearer</c>.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Gateway:Jwt";

    /// <summary>
    /// The HMAC-SHA256 key, at least <see cref="SigningKey.MinimumBytes"/> bytes of UTF-8. Required outside the
    /// Development environment; in Development a random key is made at each start when unset (tokens then die with
    /// the process). Every gateway of a cluster needs the same key. Never logged.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "granary";

    public string Audience { get; set; } = "granary-api";

    /// <summary>How long an access token is valid (<c>expiresIn</c>). Default one hour.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);
}
