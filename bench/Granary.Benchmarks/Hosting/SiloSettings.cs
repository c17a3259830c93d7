using System.Globalization;
using Granary.Benchmarks.Grains;
using Orleans.Configuration;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// The configuration of one silo a scenario starts, in the product's own keys (<c>Granary:*</c>): given to an
/// in-process silo as memory configuration, to a silo process as environment variables.
/// </summary>
internal sealed class SiloSettings
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private SiloSettings(string name)
    {
        Name = name;
        SiloPort = FreePort.Next();
        GatewayPort = FreePort.Next();
        _values[SiloName.Key] = name;
        _values["Granary:Cluster:SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture);
        _values["Granary:Cluster:GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture);

        // Figures, not logs: warnings and errors only.
        _values["Logging:LogLevel:Default"] = "Warning";
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The embedded default: a SQLite file, localhost clustering, one silo.</summary>
    public static SiloSettings Sqlite(string name, string databaseFile, BenchmarkOptions options)
    {
        var settings = new SiloSettings(name);
        settings._values["Granary:Database:Provider"] = "Sqlite";
        settings._values["Granary:Database:ConnectionString"] = $"Data Source={databaseFile}";
        settings.Apply(options);
        return settings;
    }

    /// <summary>A silo of a PostgreSQL cluster (membership, storage and reminders in <paramref name="connectionString"/>).</summary>
    public static SiloSettings Postgres(string name, string connectionString, string clusterId, BenchmarkOptions options)
    {
        var settings = new SiloSettings(name);
        settings._values["Granary:Database:Provider"] = "Postgres";
        settings._values["Granary:Database:ConnectionString"] = connectionString;
        settings._values["Granary:Cluster:ClusterId"] = clusterId;
        settings._values["Granary:Cluster:ServiceId"] = clusterId;
        settings.Apply(options);
        return settings;
    }

    /// <summary>
    /// Orleans' own defaults for every <see cref="ClusterMembershipOptions"/> value that the silo's tuning
    /// (Silo/Configuration/MembershipTuning.cs) changes, read from a fresh options object rather than written down.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> OrleansMembershipDefaults()
    {
        var defaults = new ClusterMembershipOptions();
        const string Section = "Granary:Membership:";
        yield return KeyValuePair.Create(Section + nameof(defaults.ProbeTimeout), defaults.ProbeTimeout.ToString("c", CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(Section + nameof(defaults.NumMissedProbesLimit), defaults.NumMissedProbesLimit.ToString(CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(Section + nameof(defaults.NumVotesForDeathDeclaration), defaults.NumVotesForDeathDeclaration.ToString(CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(Section + nameof(defaults.EnableIndirectProbes), defaults.EnableIndirectProbes.ToString(CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(Section + nameof(defaults.ExtendProbeTimeoutDuringDegradation), defaults.ExtendProbeTimeoutDuringDegradation.ToString(CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(Section + nameof(defaults.TableRefreshTimeout), defaults.TableRefreshTimeout.ToString("c", CultureInfo.InvariantCulture));
        yield return KeyValuePair.Create(Section + nameof(defaults.DefunctSiloExpiration), defaults.DefunctSiloExpiration.ToString("c", CultureInfo.InvariantCulture));
        if (defaults.DefunctSiloCleanupPeriod is { } cleanup)
        {
            yield return KeyValuePair.Create(Section + nameof(defaults.DefunctSiloCleanupPeriod), cleanup.ToString("c", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Sets one value (after the options' overrides: only for what a scenario needs of one silo).</summary>
    public SiloSettings With(string key, string value)
    {
        _values[key] = value;
        return this;
    }

    /// <summary>Environment variables for a process reading configuration the .NET way (<c>:</c> becomes <c>__</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> AsEnvironment() =>
        _values.Select(pair => KeyValuePair.Create(pair.Key.Replace(":", "__", StringComparison.Ordinal), pair.Value));

    private void Apply(BenchmarkOptions options)
    {
        if (options.Membership == "defaults")
        {
            foreach (var (key, value) in OrleansMembershipDefaults())
            {
                _values[key] = value;
            }
        }

        foreach (var (key, value) in options.Settings)
        {
            _values[key] = value;
        }
    }
}
