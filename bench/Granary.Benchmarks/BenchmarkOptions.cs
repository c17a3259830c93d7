using System.Globalization;

namespace Granary.Benchmarks;

/// <summary>Command-line options shared by the scenarios; each scenario reads the ones it needs.</summary>
internal sealed record BenchmarkOptions
{
    /// <summary>Length of the measured part, in seconds (<c>--seconds</c>).</summary>
    public int Seconds { get; init; } = 10;

    /// <summary>Warm-up before measuring, in seconds (<c>--warmup</c>).</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>Concurrent callers, each on its own grain (<c>--workers</c>).</summary>
    public int Workers { get; init; } = 100;

    /// <summary>True when <c>--workers</c> was given (scenarios with another default use <see cref="WorkersOr"/>).</summary>
    public bool WorkersGiven { get; init; }

    /// <summary>Silos of a cluster scenario that offers the choice (<c>--silos</c>, default 1).</summary>
    public int Silos { get; init; } = 1;

    /// <summary>Products a shop scenario creates (<c>--products</c>); null: the scenario's own default.</summary>
    public int? Products { get; init; }

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>: the database of a scenario that runs on either (<c>--database</c>).</summary>
    public string Database { get; init; } = "sqlite";

    /// <summary>Repetitions of silo-startup (the median is reported) (<c>--runs</c>).</summary>
    public int Runs { get; init; } = 5;

    /// <summary>Persisted grains of failover (<c>--grains</c>).</summary>
    public int Grains { get; init; } = 300;

    /// <summary>Events per <c>OnNextBatchAsync</c> in streams-postgres (<c>--batch</c>).</summary>
    public int Batch { get; init; } = 100;

    /// <summary>
    /// <c>tuned</c> (default): the silos' own <c>Granary:Membership</c> tuning; <c>defaults</c>: Orleans' own
    /// <see cref="Orleans.Configuration.ClusterMembershipOptions"/> defaults for every value the tuning changes
    /// (<c>--membership</c>). <c>--set</c> applies after either.
    /// </summary>
    public string Membership { get; init; } = "tuned";

    /// <summary>
    /// Configuration overrides for every silo a scenario starts (<c>--set Key=Value</c>, repeatable), for example
    /// <c>--set Granary:Membership:ProbeTimeout=00:00:02</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>Parses <c>--name value</c> pairs; throws <see cref="ArgumentException"/> with a usable message.</summary>
    public static BenchmarkOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var text = args[++i];
            if (name == "--set")
            {
                options = options with { Settings = [.. options.Settings, ParseSetting(text)] };
                continue;
            }

            if (name == "--database")
            {
                options = text is "sqlite" or "postgres"
                    ? options with { Database = text }
                    : throw new ArgumentException("--database takes 'sqlite' or 'postgres'.");
                continue;
            }

            if (name == "--membership")
            {
                options = text is "tuned" or "defaults"
                    ? options with { Membership = text }
                    : throw new ArgumentException("--membership takes 'tuned' or 'defaults'.");
                continue;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || (value <= 0 && name != "--warmup"))
            {
                throw new ArgumentException($"{name} needs a positive whole number, not '{text}'.");
            }

            options = name switch
            {
                "--seconds" => options with { Seconds = value },
                "--warmup" => options with { Warmup = value },
                "--workers" => options with { Workers = value, WorkersGiven = true },
                "--silos" => options with { Silos = value },
                "--products" => options with { Products = value },
                "--runs" => options with { Runs = value },
                "--grains" => options with { Grains = value },
                "--batch" => options with { Batch = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return options;
    }

    /// <summary><see cref="Workers"/> when given on the command line, otherwise <paramref name="scenarioDefault"/>.</summary>
    public int WorkersOr(int scenarioDefault) => WorkersGiven ? Workers : scenarioDefault;

    private static KeyValuePair<string, string> ParseSetting(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--set takes Key=Value, not '{text}'.");
        }

        return KeyValuePair.Create(text[..equals], text[(equals + 1)..]);
    }
}
