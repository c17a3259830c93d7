using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.ApiGateway.Tests.Hosting;

/// <summary>
/// The real gateway (its <c>Program</c>) on ASP.NET's test server, configured by <paramref name="settings"/> as the
/// process would be by its environment: the settings are host configuration, so they are seen while it is composed.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings, string environment = GatewayFactory.TestEnvironment)
    : WebApplicationFactory<Program>
{
    public const string TestEnvironment = "Testing";

    /// <summary>The signing key of every test gateway: tokens from one are accepted by the others.</summary>
    public const string SigningKey = "granary-test-signing-key-0123456789abcdef";

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Gateway:Jwt:SigningKey"] = SigningKey };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        if (Environment.GetEnvironmentVariable(FileLoggerProvider.EnvironmentVariable) is { Length: > 0 } path)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(new FileLoggerProvider(path)));
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        return base.CreateHost(builder);
    }
}
