using Granary.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Granary.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Activation;

/// <summary>
/// What every activation of a silo shares. Activations hold one reference to it instead of a field per
/// service, which keeps an idle activation small.
/// </summary>
internal sealed class ActivationEnvironment(
    IServiceProvider services,
    IDeepCopier copier,
    PendingCallTracker pendingCalls,
    TimeProvider time,
    IOptions<GrainCollectionOptions> collectionOptions,
    ILogger<ActivationData> logger)
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Catalog? _catalog;

    public IServiceProvider Services { get; } = services;

    private IGrainFactory? _grainFactory;

    // Resolved on first use: the factory depends on the catalog, which depends on this.
    public IGrainFactory GrainFactory => _grainFactory ??= Services.GetRequiredService<IGrainFactory>();

    public IDeepCopier Copier { get; } = copier;

    public PendingCallTracker PendingCalls { get; } = pendingCalls;

    public TimeProvider Time { get; } = time;

    public GrainCollectionOptions Collection { get; } = collectionOptions.Value;

    public ILogger Logger { get; } = logger;

    /// <summary>Completes when start-up tasks (schema creation) are done; activations wait for it.</summary>
    public Task Started => _started.Task;

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Set by the catalog so deactivated activations can leave it.</summary>
    public Catalog Catalog
    {
        get => _catalog!;
        set
        {
            _catalog = value;
            Dispatcher ??= value;
        }
    }

    /// <summary>Where calls queued on a deactivated activation go next: the catalog, or the cluster router.</summary>
    public IGrainRequestDispatcher? Dispatcher { get; set; }

    public void MarkStarted() => _started.TrySetResult();

    public void MarkStopping() => _stopping.Cancel();
}
