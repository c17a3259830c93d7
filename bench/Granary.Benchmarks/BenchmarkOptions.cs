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

    /// <summary>Child processes started by silo-startup (the median is reported).</summary>
    public int Runs { get; init; } = 5;

    /// <summary>Set in the child process that silo-startup measures.</summary>
    public bool Child { get; init; }

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
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return options;
    }
}
