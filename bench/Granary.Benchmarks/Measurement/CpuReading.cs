namespace Granary.Benchmarks.Measurement;

/// <summary>CPU seconds used so far (or over a window, as a difference) by each part of a run, and the machine's.</summary>
internal readonly record struct CpuReading(double Seconds, double ThisProcess, double SiloProcesses, double Postgres, double MachineBusy)
{
    public static CpuReading operator -(CpuReading end, CpuReading start) => new(
        end.Seconds - start.Seconds,
        end.ThisProcess - start.ThisProcess,
        end.SiloProcesses - start.SiloProcesses,
        end.Postgres - start.Postgres,
        end.MachineBusy - start.MachineBusy);

    /// <summary>Each part's CPU over the window in cores (CPU seconds per second), for an info line.</summary>
    public string DescribeCores(bool withSiloProcesses, bool withPostgres)
    {
        var parts = new List<string> { $"this process {ThisProcess / Seconds:0.00}" };
        if (withSiloProcesses)
        {
            parts.Add($"silo processes {SiloProcesses / Seconds:0.00}");
        }

        if (withPostgres)
        {
            parts.Add($"PostgreSQL {Postgres / Seconds:0.00}");
        }

        parts.Add($"whole machine {MachineBusy / Seconds:0.00} of {Environment.ProcessorCount}");
        return "CPU in cores: " + string.Join(", ", parts);
    }
}
