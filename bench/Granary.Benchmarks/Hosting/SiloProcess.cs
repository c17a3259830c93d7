using System.Diagnostics;
using System.Globalization;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// A silo in a child process: this benchmark in <c>silo</c> mode (bench grains), or the product's Granary.Silo.dll.
/// Configuration goes in as environment variables. Its output is forwarded as info lines, except the bench silo's
/// ready line. Disposing kills it if it still runs.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly TextWriter _info;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter? _log;
    private int _forwarded;

    private SiloProcess(string name, Process process, TextWriter info)
    {
        Name = name;
        _process = process;
        _info = info;

        // GRANARY_BENCH_SILO_LOGS=<folder> keeps each silo's whole output in <folder>/<name>-<pid>.log (investigations).
        if (Environment.GetEnvironmentVariable(LogFolderVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            _log = new StreamWriter(Path.Combine(folder, $"{name}-{Environment.ProcessId}-{Guid.NewGuid():N}.log")) { AutoFlush = true };
        }
    }

    public const string LogFolderVariable = "GRANARY_BENCH_SILO_LOGS";

    /// <summary>Lines forwarded per process at most, so a failing silo cannot bury the figures.</summary>
    public int MaxForwardedLines { get; init; } = 12;

    /// <summary>Characters of a forwarded line shown (stack traces come on one line).</summary>
    public int MaxLineLength { get; init; } = 220;

    public string Name { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartTimestamp { get; private set; }

    /// <summary>Process start to started host, as the silo measured it itself (bench silos only).</summary>
    public double StartupSeconds { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id (its CPU time is read from /proc).</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public Task Ready => _ready.Task;

    /// <summary>Starts this benchmark as a silo process (<c>Granary.Benchmarks silo</c>) with <paramref name="settings"/>.</summary>
    public static SiloProcess StartBenchSilo(SiloSettings settings, TextWriter info)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet");
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SiloProcess).Assembly.Location);
        }

        start.ArgumentList.Add("silo");
        return Start(settings.Name, start, settings.AsEnvironment(), info);
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> in <paramref name="workingDirectory"/> with <paramref name="settings"/>.</summary>
    public static SiloProcess StartDll(string dll, string workingDirectory, SiloSettings settings, TextWriter info)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(dll);
        return Start(settings.Name, start, settings.AsEnvironment(), info);
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

    /// <summary>Abrupt end, like kill -9.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Graceful end, like Kubernetes: SIGTERM (through /bin/kill; <see cref="Process"/> sends no other signal).</summary>
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

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
        _log?.Dispose();
    }

    private static SiloProcess Start(string name, ProcessStartInfo start, IEnumerable<KeyValuePair<string, string>> environment, TextWriter info)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, process, info);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo._ready.TrySetException(new InvalidOperationException($"Silo process {name} exited before it was ready."));
        silo.StartTimestamp = Stopwatch.GetTimestamp();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start silo process {name}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(BenchSiloHost.ReadyPrefix, StringComparison.Ordinal))
        {
            StartupSeconds = double.Parse(line.AsSpan(BenchSiloHost.ReadyPrefix.Length), CultureInfo.InvariantCulture);
            _ready.TrySetResult();
            return;
        }

        if (_log is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }

        var count = Interlocked.Increment(ref _forwarded);
        if (count <= MaxForwardedLines)
        {
            _info.WriteLine($"info: {Name}: {(line.Length > MaxLineLength ? line[..MaxLineLength] + " ..." : line)}");
        }
        else if (count == MaxForwardedLines + 1)
        {
            _info.WriteLine($"info: {Name}: (further output not shown)");
        }
    }
}
