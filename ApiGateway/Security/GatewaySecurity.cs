using Granary.ApiGateway.Hosting;
using Granary.Grains.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Granary.ApiGateway.Security;

/// <summary>JWT bearer authentication with the gateway's own key, and the authorization policies.</summary>
internal static class GatewaySecurity
{
    public static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var jwt = GatewaySettings.Bind<JwtOptions>(builder.Configuration, JwtOptions.SectionName);
        // Resolved now: without a key outside Development the gateway must refuse to start, not fail its first login.
        services.AddSingleton(SigningKey.Resolve(jwt.SigningKey, builder.Environment));
        services.AddOptionsWithValidateOnStart<JwtOptions>().Bind(builder.Configuration.GetSection(JwtOptions.SectionName));
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddSingleton<TokenIssuer>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey, IOptions<JwtOptions>>((bearer, key, options) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Value.Issuer,
                    ValidAudience = options.Value.Audience,
                    IssuerSigningKey = key.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = GatewayClaims.Subject,
                    RoleClaimType = GatewayClaims.Role,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                bearer.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal is null || !GatewayClaims.TryGetUserId(context.Principal, out _))
                        {
                            context.Fail("The token names no user.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build())
            .AddPolicy(GatewayPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(UserRoles.Admin));
        return builder;
    }
}
