using System.Diagnostics;
using System.Globalization;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Granary.Sqlite.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Time from process start to the first served grain call, for a silo with the embedded default: SQLite
/// storage in a new database file (schema created at start) and a grain whose state is read on activation.
/// The benchmark starts itself as a child process <see cref="BenchmarkOptions.Runs"/> times and reports the median.
/// </summary>
internal sealed class SiloStartupScenario : IScenario
{
    private const string ChildLinePrefix = "startup_seconds=";

    public string Name => "silo-startup";

    public string Description => "process start to first served grain call, median of child processes (seconds_to_first_call)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        if (options.Child)
        {
            await RunChildAsync(info, cancellationToken);
            return [];
        }

        var samples = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var seconds = await RunChildProcessAsync(cancellationToken);
            info.WriteLine($"info: run {run}: {seconds:0.000} s to first call");
            samples.Add(seconds);
        }

        samples.Sort();
        var median = samples.Count % 2 == 1
            ? samples[samples.Count / 2]
            : (samples[(samples.Count / 2) - 1] + samples[samples.Count / 2]) / 2;
        return [new("seconds_to_first_call", median, "s", "0.000")];
    }

    private static async Task RunChildAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("granary-startup-").FullName;
        try
        {
            var database = Path.Combine(directory, "granary.db");
            var host = await BenchmarkSilo.StartAsync(
                cancellationToken,
                silo => silo.AddSqliteGrainStorage("Default", storage => storage.ConnectionString = $"Data Source={database}"));
            await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IStatefulPingGrain>(0).Ping();
            using var process = Process.GetCurrentProcess();
            var elapsed = DateTime.Now - process.StartTime;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ChildLinePrefix}{elapsed.TotalSeconds:0.0000}"));
            await BenchmarkSilo.StopAsync(host);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<double> RunChildProcessAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Started as "dotnet Granary.Benchmarks.dll": the child is started the same way.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SiloStartupScenario).Assembly.Location);
        }

        start.ArgumentList.Add("silo-startup");
        start.ArgumentList.Add("--child");

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        var output = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(ChildLinePrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The child silo exited with {child.ExitCode} without a figure:\n{output}");
        }

        return double.Parse(line.AsSpan(ChildLinePrefix.Length), CultureInfo.InvariantCulture);
    }
}
