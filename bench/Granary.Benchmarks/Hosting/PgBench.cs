using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Granary.TestInfrastructure;
using Npgsql;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// PostgreSQL's own benchmark client against a server a scenario uses: what commit rate the same server and disk give
/// a plain workload in the same run (its built-in simple-update script, <c>-N</c>: one UPDATE, one SELECT, one INSERT
/// per transaction), beside the shop's figures.
/// </summary>
internal static partial class PgBench
{
    /// <summary>pgbench beside the server's tools, else on PATH; null when absent.</summary>
    public static string? Find(string? binDirectory)
    {
        var candidates = new[] { binDirectory, ThrowawayPostgres.FindBinDirectory() }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.Combine(d!, "pgbench")).FirstOrDefault(File.Exists);
    }

    /// <summary>Fills the database at <paramref name="scale"/> (<c>pgbench -i</c>: 100,000 accounts per unit).</summary>
    public static Task InitializeAsync(string pgbench, string connectionString, int scale, CancellationToken cancellationToken) =>
        RunAsync(pgbench, connectionString, ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture)], cancellationToken);

    /// <summary>Runs the simple-update script with <paramref name="clients"/> clients on <paramref name="threads"/> threads; returns its output.</summary>
    public static Task<string> RunSimpleUpdateAsync(string pgbench, string connectionString, int clients, int threads, int seconds, CancellationToken cancellationToken) =>
        RunAsync(pgbench, connectionString,
            ["-N", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads.ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture)],
            cancellationToken);

    /// <summary>Transactions per second from pgbench's report (the figure without the initial connection time).</summary>
    public static double ParseTps(string output) =>
        TpsLine().Match(output) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps line:{Environment.NewLine}{output}");

    /// <summary>pgbench's summary lines worth an info line (latency, tps, failures).</summary>
    public static IEnumerable<string> Summary(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("latency", StringComparison.Ordinal) || line.StartsWith("tps", StringComparison.Ordinal)
                || line.StartsWith("number of failed", StringComparison.Ordinal) || line.StartsWith("number of transactions actually", StringComparison.Ordinal));

    private static async Task<string> RunAsync(string pgbench, string connectionString, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.Username ?? "postgres", target.Database!]))
        {
            start.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrEmpty(target.Password))
        {
            start.Environment["PGPASSWORD"] = target.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {pgbench}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await output + await error;
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"pgbench {string.Join(' ', arguments)} exited with code {process.ExitCode}:{Environment.NewLine}{text}");
    }

    [GeneratedRegex(@"^tps = ([0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();
}
