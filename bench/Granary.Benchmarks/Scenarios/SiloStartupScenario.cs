using System.Diagnostics;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// The product's embedded default as shipped: <c>dotnet Silo/bin/Release/net10.0/Granary.Silo.dll</c> on a new SQLite
/// file (schema created at start-up), its own ports. Timed from just before the process starts until an Orleans client
/// (localhost clustering on its gateway port, retrying until the gateway accepts) gets the answer of
/// <c>IManagementGrain.GetHosts()</c>. One untimed warm-up run, then <c>--runs</c> runs; the median is reported.
/// </summary>
internal sealed class SiloStartupScenario : IScenario
{
    private const string ClusterId = "granary";

    public string Name => "silo-startup";

    public string Description => "Granary.Silo.dll (SQLite default) process start to first served call, median of --runs (seconds_to_first_call)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(RepositoryRoot(), "Silo", "bin", "Release", "net10.0", "Granary.Silo.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the Silo project in Release first (bench/run.sh does).");
        }

        info.WriteLine($"info: {dll}");
        var samples = new List<double>();
        for (var run = 0; run <= options.Runs; run++)
        {
            var seconds = await RunOnceAsync(dll, options, info, cancellationToken);
            info.WriteLine(run == 0 ? $"info: warm-up run: {seconds:0.000} s (not counted)" : $"info: run {run}: {seconds:0.000} s to first call");
            if (run > 0)
            {
                samples.Add(seconds);
            }
        }

        samples.Sort();
        var median = samples.Count % 2 == 1 ? samples[samples.Count / 2] : (samples[(samples.Count / 2) - 1] + samples[samples.Count / 2]) / 2;
        info.WriteLine($"info: min {samples[0]:0.000} s, max {samples[^1]:0.000} s; target < 3 s");
        return [new("seconds_to_first_call", median, "s", "0.000")];
    }

    private static async Task<double> RunOnceAsync(string dll, BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("granary-startup-").FullName;
        try
        {
            var settings = SiloSettings.Sqlite("silo", Path.Combine(directory, "granary.db"), options);
            using var silo = SiloProcess.StartDll(dll, directory, settings, info);
            double elapsed;
            await using (var client = await BenchClient.ConnectLocalhostAsync(settings.GatewayPort, ClusterId, TimeSpan.FromSeconds(60), cancellationToken))
            {
                var hosts = await client.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                elapsed = Stopwatch.GetElapsedTime(silo.StartTimestamp).TotalSeconds;
                if (hosts.Count != 1)
                {
                    info.WriteLine($"info: GetHosts answered {hosts.Count} silos");
                }
            }

            silo.Terminate();
            using var exitDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            exitDeadline.CancelAfter(TimeSpan.FromSeconds(30));
            await silo.WaitForExitAsync(exitDeadline.Token);
            return elapsed;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
