using Granary.Extensions.Schema;
using Granary.Silo.Database;
using Microsoft.Extensions.Configuration;

namespace Granary.Silo.Configuration;

/// <summary>
/// Reads and checks the <c>Granary</c> settings eagerly: which providers to register depends on them, so a bad value
/// must stop start-up with a message naming the setting rather than surface later as a provider failure.
/// </summary>
internal static class GranaryConfiguration
{
    public static DatabaseOptions ReadDatabase(IConfiguration configuration)
    {
        var options = Bind<DatabaseOptions>(configuration, DatabaseOptions.SectionName);
        var section = DatabaseOptions.SectionName;
        if (options.Provider == DatabaseKind.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw Invalid($"{section}:ConnectionString is required when {section}:Provider is Postgres (e.g. 'Host=db;Database=granary;Username=granary;Password=...').");
        }

        if (options.MaxPoolSize < 2)
        {
            throw Invalid($"{section}:MaxPoolSize must be at least 2 (it is {options.MaxPoolSize}).");
        }

        if (options.StartupTimeout <= TimeSpan.Zero)
        {
            throw Invalid($"{section}:StartupTimeout must be positive (it is {options.StartupTimeout}).");
        }

        try
        {
            _ = DatabaseConnection.Resolve(options);
        }
        catch (ArgumentException exception)
        {
            throw Invalid($"{section}:ConnectionString is not a valid {options.Provider} connection string: {exception.Message}");
        }

        return options;
    }

    public static ClusterSettings ReadCluster(IConfiguration configuration)
    {
        var options = Bind<ClusterSettings>(configuration, ClusterSettings.SectionName);
        var section = ClusterSettings.SectionName;
        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            throw Invalid($"{section}:ClusterId and {section}:ServiceId must not be empty.");
        }

        foreach (var (name, port) in new[] { ("SiloPort", options.SiloPort), ("GatewayPort", options.GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                throw Invalid($"{section}:{name} must be a TCP port between 1 and 65535 (it is {port}).");
            }
        }

        if (options.SiloPort == options.GatewayPort)
        {
            throw Invalid($"{section}:SiloPort and {section}:GatewayPort must differ (both are {options.SiloPort}).");
        }

        if (options.AdvertisedAddress is { } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            throw Invalid($"{section}:AdvertisedAddress must be an IP address (it is '{address}').");
        }

        return options;
    }

    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException exception)
        {
            // The binder names the key and the value it could not convert (e.g. Provider=Oracle).
            throw Invalid($"A {section} setting is invalid: {exception.Message}", exception);
        }
    }

    private static InvalidConfigurationException Invalid(string message, Exception? inner = null) => new(message, inner);
}
