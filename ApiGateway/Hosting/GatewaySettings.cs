using Microsoft.Extensions.Configuration;

namespace Granary.ApiGateway.Hosting;

/// <summary>Reads a settings section eagerly (when what to register depends on it), naming the section of any value it cannot convert.</summary>
internal static class GatewaySettings
{
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException exception)
        {
            // The binder names the key and the value it could not convert.
            throw new GatewayConfigurationException($"A {section} setting is invalid: {exception.Message}", exception);
        }
    }
}
