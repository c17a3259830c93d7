using Granary.Hosting;
using Granary.Postgres.Streaming;
using Granary.Streaming.Memory;
using Microsoft.Extensions.Configuration;

namespace Granary.Silo.Configuration;

/// <summary>
/// Registers one stream provider per child of <c>Granary:Streams</c>, by its <c>Provider</c> setting:
/// <c>Memory</c> (best effort, the embedded default) or <c>Postgres</c> (durable). With nothing configured the
/// silo offers an in-memory provider named <c>Default</c>. A missing or unknown provider stops start-up with a
/// message naming the setting.
/// </summary>
internal static class StreamsConfiguration
{
    public const string SectionName = "Granary:Streams";
    public const string DefaultProviderName = "Default";

    private static readonly string[] KnownProviders = ["Memory", "Postgres"];

    public static ISiloBuilder AddStreamsFromConfiguration(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var providers = silo.Configuration.GetSection(SectionName).GetChildren().ToList();
        if (providers.Count == 0)
        {
            return silo.AddMemoryStreams(DefaultProviderName);
        }

        foreach (var provider in providers)
        {
            var setting = $"{SectionName}:{provider.Key}:Provider";
            var kind = provider["Provider"];
            if (string.IsNullOrWhiteSpace(kind))
            {
                throw new InvalidOperationException($"{setting} is not set; choose one of {string.Join(", ", KnownProviders)}.");
            }

            switch (kind.Trim().ToUpperInvariant())
            {
                case "MEMORY":
                    silo.AddMemoryStreams(provider.Key);
                    break;
                case "POSTGRES":
                case "POSTGRESQL":
                    silo.AddPostgresStreams(provider.Key);
                    break;
                default:
                    throw new InvalidOperationException(
                        $"{setting} is '{kind}', which is not a stream provider; choose one of {string.Join(", ", KnownProviders)}.");
            }
        }

        return silo;
    }
}
