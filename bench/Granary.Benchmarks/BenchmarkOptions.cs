using System.Globalization;

namespace Granary.Benchmarks;

/// <summary>Command-line options shared by the scenarios; each scenario reads the ones it needs.</summary>
internal sealed record BenchmarkOptions
{
    /// <summary>Length of the measured part, in seconds.</summary>
    public int Seconds { get; init; } = 10;

    /// <summary>Warm-up before measuring, in seconds.</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>Concurrent callers, each on its own grain.</summary>
    public int Workers { get; init; } = 100;

    /// <summary>Activations created by activation-memory.</summary>
    public int Activations { get; init; } = 100_000;

    /// <summary>Streams of the stream scenarios (<c>--streams</c>), each with its own implicit consumer grain.</summary>
    public int Streams { get; init; } = 64;

    /// <summary>Events per <c>OnNextBatchAsync</c> in the stream scenarios (<c>--batch</c>); null: the scenario's default.</summary>
    public int? Batch { get; init; }

    /// <summary>The stream provider's <c>QueueCount</c> (<c>--queues</c>); null: the provider's default.</summary>
    public int? Queues { get; init; }

    /// <summary>The in-memory provider's <c>QueueCapacity</c> (<c>--capacity</c>); null: the provider's default.</summary>
    public int? Capacity { get; init; }

    /// <summary>Sample allocations (<c>--alloc-profile</c>) and print the types allocated most in the measured block.</summary>
    public bool AllocationProfile { get; init; }

    /// <summary>The delivery agents' <c>MaxBatchSize</c> (<c>--max-batch</c>); null: the runtime's default.</summary>
    public int? MaxBatch { get; init; }

    /// <summary>Child processes started by silo-startup (the median is reported).</summary>
    public int Runs { get; init; } = 5;

    /// <summary>Set in the child process that silo-startup measures.</summary>
    public bool Child { get; init; }

    /// <summary><c>silo</c> in a silo process started by a cluster scenario (<c>--role silo</c>); null in the driver.</summary>
    public string? Role { get; init; }

    /// <summary>TCP port of a silo process (<c>--port</c>).</summary>
    public int Port { get; init; }

    /// <summary>Shared SQLite membership file of a silo process (<c>--cluster-db</c>).</summary>
    public string? ClusterDb { get; init; }

    /// <summary>Shared SQLite grain-state file of a silo process (<c>--storage-db</c>).</summary>
    public string? StorageDb { get; init; }

    /// <summary>Silo name of a silo process (<c>--name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Configuration overrides (<c>--set Key=Value</c>, repeatable), applied to every silo of a cluster scenario,
    /// for example <c>--set Granary:Membership:ProbeInterval=00:00:00.5</c>. None by default: the runtime's defaults.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>Parses <c>--name value</c> pairs; throws <see cref="ArgumentException"/> with a usable message.</summary>
    public static BenchmarkOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--child")
            {
                options = options with { Child = true };
                continue;
            }

            if (name == "--alloc-profile")
            {
                options = options with { AllocationProfile = true };
                continue;
            }

            if (name is "--role" or "--cluster-db" or "--storage-db" or "--name" or "--set")
            {
                if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                var text = args[++i];
                options = name switch
                {
                    "--role" => text == "silo" ? options with { Role = text, Child = true } : throw new ArgumentException("--role takes 'silo'."),
                    "--cluster-db" => options with { ClusterDb = text },
                    "--storage-db" => options with { StorageDb = text },
                    "--name" => options with { Name = text },
                    _ => options with { Settings = [.. options.Settings, ParseSetting(text)] },
                };
                continue;
            }

            if (i + 1 >= args.Length
                || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || (value <= 0 && name != "--warmup"))
            {
                throw new ArgumentException($"{name} needs a positive whole number.");
            }

            i++;
            options = name switch
            {
                "--seconds" => options with { Seconds = value },
                "--warmup" => options with { Warmup = value },
                "--workers" => options with { Workers = value },
                "--activations" => options with { Activations = value },
                "--runs" => options with { Runs = value },
                "--streams" => options with { Streams = value },
                "--batch" => options with { Batch = value },
                "--queues" => options with { Queues = value },
                "--max-batch" => options with { MaxBatch = value },
                "--capacity" => options with { Capacity = value },
                "--port" => options with { Port = value },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return options;
    }

    /// <summary>The command-line arguments that give a silo process the same <c>--set</c> overrides.</summary>
    public IEnumerable<string> SettingArguments() => Settings.SelectMany(s => new[] { "--set", $"{s.Key}={s.Value}" });

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
