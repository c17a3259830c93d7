using System.Security.Cryptography;
using System.Text;
using Granary.ApiGateway.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Granary.ApiGateway.Security;

/// <summary>The key tokens are signed and checked with: configured, or (Development only) made at start-up.</summary>
internal sealed class SigningKey
{
    public const int MinimumBytes = 32;

    private SigningKey(SymmetricSecurityKey key, bool generated)
    {
        Key = key;
        Generated = generated;
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>True when no key was configured and this process made one (Development).</summary>
    public bool Generated { get; }

    public static SigningKey Resolve(string? configured, IHostEnvironment environment)
    {
        var setting = $"{JwtOptions.SectionName}:SigningKey";
        if (!string.IsNullOrEmpty(configured))
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            return bytes.Length >= MinimumBytes
                ? new SigningKey(new SymmetricSecurityKey(bytes), generated: false)
                : throw new GatewayConfigurationException($"{setting} must be at least {MinimumBytes} bytes (UTF-8); the configured one has {bytes.Length}.");
        }

        if (environment.IsDevelopment())
        {
            return new SigningKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), generated: true);
        }

        throw new GatewayConfigurationException(
            $"{setting} is required outside the Development environment (it is '{environment.EnvironmentName}'): set it to at least "
            + $"{MinimumBytes} random bytes, e.g. Gateway__Jwt__SigningKey=\"$(openssl rand -base64 48)\", the same on every gateway.");
    }
}
