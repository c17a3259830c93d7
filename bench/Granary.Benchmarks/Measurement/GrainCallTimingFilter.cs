using System.Diagnostics;

namespace Granary.Benchmarks.Measurement;

/// <summary>
/// Investigations only (<c>--set Bench:TimeGrainCalls=true</c>): times every call to a shop grain twice, as its caller
/// waits for it ("call", queueing included) and as the grain runs it ("run"), per grain class and method; and
/// the calls shop grains make to Orleans' own services (the reminder service).
/// </summary>
internal sealed class GrainCallTimingFilter(OperationTimings timings) : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    public const string SettingKey = "Bench:TimeGrainCalls";

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!IsShop(context.Grain?.GetType()))
        {
            await context.Invoke();
            return;
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            timings.Record($"run {context.Grain!.GetType().Name}.{context.ImplementationMethod?.Name}", start);
        }
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // Orleans' own calls are timed too where a shop grain makes them (the reminder service, stream pub-sub).
        if (!IsShop(context.InterfaceMethod?.DeclaringType) && !IsShop(context.SourceContext?.GrainInstance?.GetType()))
        {
            await context.Invoke();
            return;
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            timings.Record($"call {context.InterfaceMethod!.DeclaringType!.Name}.{context.InterfaceMethod.Name}", start);
        }
    }

    private static bool IsShop(Type? type) => type?.Namespace?.StartsWith("Granary.Grains", StringComparison.Ordinal) == true;
}
