using System.Diagnostics;
using System.Globalization;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Reads CPU time from /proc: this process, the silo processes a scenario started, a PostgreSQL server (the postmaster,
/// its children, and the children it has already reaped) and the whole machine. Where the time goes on a shared
/// 2-core machine: the silo, the database, or someone else.
/// </summary>
internal sealed class CpuClock(IReadOnlyList<int> siloProcessIds, int? postmasterId)
{
    // USER_HZ: the unit of /proc's CPU times; 100 on every Linux build .NET runs on.
    private const double TicksPerSecond = 100;

    public bool MeasuresSiloProcesses => siloProcessIds.Count > 0;

    public bool MeasuresPostgres => postmasterId is not null;

    public CpuReading Read()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuReading(
            Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency,
            self.TotalProcessorTime.TotalSeconds,
            siloProcessIds.Sum(id => ProcessTicks(id, withReapedChildren: false)) / TicksPerSecond,
            postmasterId is { } postmaster ? PostgresTicks(postmaster) / TicksPerSecond : 0,
            MachineBusyTicks() / TicksPerSecond);
    }

    private static long PostgresTicks(int postmaster)
    {
        var ticks = ProcessTicks(postmaster, withReapedChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && ReadStat(id) is { } stat && stat.ParentId == postmaster)
            {
                ticks += stat.User + stat.System;
            }
        }

        return ticks;
    }

    private static long ProcessTicks(int id, bool withReapedChildren) => ReadStat(id) is { } stat
        ? stat.User + stat.System + (withReapedChildren ? stat.ChildrenUser + stat.ChildrenSystem : 0)
        : 0;

    private static (int ParentId, long User, long System, long ChildrenUser, long ChildrenSystem)? ReadStat(int id)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{id.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // Gone meanwhile.
        }

        // Fields after the command name (which may hold spaces, hence the last ')'): state ppid ... utime(14) stime cutime cstime.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return ((int)Parse(fields[1]), Parse(fields[11]), Parse(fields[12]), Parse(fields[13]), Parse(fields[14]));
    }

    private static long MachineBusyTicks()
    {
        // First line: cpu user nice system idle iowait irq softirq steal ...; busy is everything but idle and iowait.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = fields.Skip(1).Take(8).Select(Parse).ToArray();
        return values.Sum() - values[3] - values[4];
    }

    private static long Parse(string field) => long.Parse(field, CultureInfo.InvariantCulture);
}
