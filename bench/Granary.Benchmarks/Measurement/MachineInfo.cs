using System.Runtime.InteropServices;

namespace Granary.Benchmarks.Measurement;

/// <summary>One line describing where figures were taken; the load average shows whether the machine was shared.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"info: {Environment.ProcessorCount} cores, {memoryGiB:0} GiB, {RuntimeInformation.FrameworkDescription}, "
            + $"server GC {System.Runtime.GCSettings.IsServerGC}, load average {load}";
    }
}
