using System.Runtime.CompilerServices;
using Granary.Activation;
using Granary.Benchmarks.Grains;
using Granary.Benchmarks.Hosting;
using Granary.Benchmarks.Measurement;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Benchmarks.Scenarios;

/// <summary>
/// Managed heap kept per idle activation: the heap after full collections, before and after N empty grains
/// are activated by one call each. Only the runtime holds on to them; the benchmark keeps no references.
/// </summary>
internal sealed class ActivationMemoryScenario : IScenario
{
    // Activations made before the baseline so JIT, pools and first-use caches are not counted.
    private const int WarmupActivations = 1_000;
    private const int ConcurrentCallers = 64;

    public string Name => "activation-memory";

    public string Description => "heap bytes kept per idle activation of an empty grain (bytes_per_activation)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkOptions options, TextWriter info, CancellationToken cancellationToken)
    {
        var host = await BenchmarkSilo.StartAsync(cancellationToken);
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        var catalog = host.Services.GetRequiredService<Catalog>();

        await ActivateAsync(factory, -WarmupActivations, WarmupActivations);
        var countBefore = catalog.ActivationCount;
        var heapBefore = MeasureHeap();

        await ActivateAsync(factory, 0, options.Activations);
        var heapAfter = MeasureHeap();
        var countAfter = catalog.ActivationCount;

        var added = countAfter - countBefore;
        info.WriteLine($"info: activations alive before {countBefore}, after {countAfter} (added {added}, asked for {options.Activations})");
        info.WriteLine($"info: heap before {heapBefore:N0} bytes, after {heapAfter:N0} bytes");
        var perActivation = added > 0 ? (double)(heapAfter - heapBefore) / added : double.NaN;

        await BenchmarkSilo.StopAsync(host);
        return [new("bytes_per_activation", perActivation, "bytes", "0")];
    }

    /// <summary>Activates grains with keys [first, first + count) by calling each once, a few callers at a time.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task ActivateAsync(IGrainFactory factory, long first, int count)
    {
        var callers = new Task[Math.Min(ConcurrentCallers, count)];
        for (var c = 0; c < callers.Length; c++)
        {
            var offset = c;
            callers[c] = Task.Run(async () =>
            {
                for (var i = offset; i < count; i += callers.Length)
                {
                    await factory.GetGrain<IEmptyGrain>(first + i).Touch();
                }
            });
        }

        await Task.WhenAll(callers);
    }

    private static long MeasureHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
