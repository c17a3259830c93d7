using System.Diagnostics;
using System.Globalization;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// A silo running in a child process of the benchmark (<c>Granary.Benchmarks &lt;scenario&gt; --role silo ...</c>).
/// Its stdout is watched for the ready line; anything else it prints (warnings, errors) is forwarded as info.
/// Disposing kills it with its process tree if it is still running.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly TextWriter _info;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(string name, Process process, long startTimestamp, TextWriter info)
    {
        Name = name;
        _process = process;
        StartTimestamp = startTimestamp;
        _info = info;
    }

    public string Name { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartTimestamp { get; }

    /// <summary>The silo's address (<c>host:port@generation</c>), known once ready.</summary>
    public string? Address { get; private set; }

    /// <summary>Process start to started host, as the silo measured it itself.</summary>
    public double StartupSeconds { get; private set; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the driver read the ready line.</summary>
    public long ReadyTimestamp { get; private set; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(string scenario, string name, string clusterDb, string storageDb, BenchmarkOptions options, TextWriter info)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // Started as "dotnet Granary.Benchmarks.dll": the child is started the same way.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SiloProcess).Assembly.Location);
        }

        string[] arguments =
        [
            scenario, "--role", "silo", "--name", name, "--port", ClusterSilo.FreePort().ToString(CultureInfo.InvariantCulture),
            "--cluster-db", clusterDb, "--storage-db", storageDb, .. options.SettingArguments(),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var timestamp = Stopwatch.GetTimestamp();
        var silo = new SiloProcess(name, process, timestamp, info);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo._ready.TrySetException(new InvalidOperationException($"Silo process {name} exited before it was ready."));
        process.EnableRaisingEvents = true;
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start silo process {name}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the ready line; throws when the process exits first or the deadline passes.</summary>
    public async Task WaitReadyAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        try
        {
            await _ready.Task.WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Silo process {Name} printed no ready line within {deadline.TotalSeconds:0} s.");
        }
    }

    public Task Ready => _ready.Task;

    /// <summary>Abrupt end, like kill -9: SIGKILL to the process (and its tree).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Graceful end, like Kubernetes: SIGTERM (through /bin/kill; <see cref="Process"/> has no signal API).</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not run /bin/kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"/bin/kill -TERM {_process.Id} exited with {kill.ExitCode}.");
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            // Also drains the redirected output, so forwarded lines come before the figures.
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(ClusterSilo.ReadyPrefix, StringComparison.Ordinal))
        {
            var parts = line[ClusterSilo.ReadyPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Address = parts[0];
            StartupSeconds = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : double.NaN;
            ReadyTimestamp = Stopwatch.GetTimestamp();
            _ready.TrySetResult();
            return;
        }

        if (line == ClusterSilo.StoppedLine)
        {
            _info.WriteLine($"info: {Name}: host stopped");
            return;
        }

        _info.WriteLine($"info: {Name}: {line}");
    }
}
