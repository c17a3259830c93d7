using Granary.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Activation;

/// <summary>
/// Deactivates activations idle longer than their collection age. Checks every collection quantum on
/// the injected <see cref="TimeProvider"/>, so tests drive it by advancing time instead of sleeping.
/// </summary>
internal sealed partial class ActivationCollector(
    Catalog catalog,
    TimeProvider time,
    IOptions<GrainCollectionOptions> options,
    ILogger<ActivationCollector> logger) : IDisposable
{
    private readonly GrainCollectionOptions _options = options.Value;
    private ITimer? _timer;

    public void Start() =>
        _timer ??= time.CreateTimer(static s => ((ActivationCollector)s!).CollectIdle(), this, _options.CollectionQuantum, _options.CollectionQuantum);

    /// <summary>Starts deactivating every idle activation; returns how many.</summary>
    public int CollectIdle()
    {
        var now = time.GetTimestamp();
        var defaultAge = (long)(_options.CollectionAge.TotalSeconds * time.TimestampFrequency);
        var collected = 0;
        foreach (var activation in catalog.Activations)
        {
            if (activation.IsIdle(now, defaultAge))
            {
                activation.Deactivate(DeactivationReason.Idle);
                collected++;
            }
        }

        if (collected > 0)
        {
            LogCollected(logger, collected);
        }

        return collected;
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(EventId = EventIds.IdleActivationsCollected, Level = LogLevel.Debug,
        Message = "Deactivating {Count} idle activations.")]
    private static partial void LogCollected(ILogger logger, int count);
}
