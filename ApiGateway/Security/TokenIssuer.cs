using System.Security.Claims;
using Granary.Grains.Users;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Granary.ApiGateway.Security;

/// <summary>Issues the access token of a user who logged in: <c>sub</c> = user id, <c>email</c>, a <c>role</c> per role.</summary>
internal sealed class TokenIssuer(SigningKey key, IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedToken Issue(UserProfile profile)
    {
        var jwt = options.Value;
        var now = time.GetUtcNow();
        var claims = new List<Claim>
        {
            new(GatewayClaims.Subject, profile.UserId.ToString()),
            new(GatewayClaims.Email, profile.Email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(profile.Roles.Select(role => new Claim(GatewayClaims.Role, role)));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + jwt.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, (int)jwt.Lifetime.TotalSeconds);
    }
}

internal readonly record struct IssuedToken(string AccessToken, int ExpiresInSeconds);
