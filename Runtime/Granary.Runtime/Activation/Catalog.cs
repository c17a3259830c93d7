using System.Collections.Concurrent;
using Granary.Invocation;
using Granary.Runtime;

namespace Granary.Activation;

/// <summary>
/// The silo's activations by grain id. Delivers each call to the grain's single activation, creating it
/// on first use; [StatelessWorker] grains get a small pool of activations instead.
/// </summary>
internal sealed class Catalog : IGrainRequestDispatcher
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> _workerPools = new();
    private readonly GrainTypeRegistry _registry;
    private readonly ActivationEnvironment _env;
    private volatile bool _stopping;

    public Catalog(GrainTypeRegistry registry, ActivationEnvironment environment)
    {
        _registry = registry;
        _env = environment;
        environment.Catalog = this;
    }

    public int ActivationCount => _activations.Count + _workerPools.Values.Sum(pool => pool.Count);

    public IEnumerable<ActivationData> Activations =>
        _activations.Values.Concat(_workerPools.Values.SelectMany(pool => pool.Snapshot()));

    /// <summary>Whether an activation of <paramref name="grainId"/> lives here (in any state but gone).</summary>
    public bool HasActivation(GrainId grainId) => _activations.ContainsKey(grainId) || _workerPools.ContainsKey(grainId);

    /// <summary>Delivers a call whose <see cref="GrainRequest.TargetGrainId"/> is set. Failures complete the call.</summary>
    public void Dispatch(GrainRequest request)
    {
        var grainId = request.TargetGrainId;
        GrainClassInfo grainClass;
        try
        {
            grainClass = _registry.GetByGrainType(grainId.Type);
        }
        catch (GrainClassNotFoundException exception)
        {
            Fail(request, exception);
            return;
        }

        if (grainClass.IsStatelessWorker)
        {
            if (_stopping)
            {
                FailStopping(request);
                return;
            }

            var pool = _workerPools.GetOrAdd(grainId, static (id, state) => new StatelessWorkerPool(id, state.grainClass, state.env), (grainClass, env: _env));
            pool.Dispatch(request);
            return;
        }

        while (true)
        {
            if (!_activations.TryGetValue(grainId, out var activation))
            {
                // A stopping silo creates no activations; calls for existing ones are queued and, once
                // those deactivate, re-routed (to another silo in a cluster).
                if (_stopping)
                {
                    FailStopping(request);
                    return;
                }

                var created = new ActivationData(grainId, grainClass, _env);
                if (!_activations.TryAdd(grainId, created))
                {
                    continue;
                }

                activation = created;
                created.Start();
            }

            // False only once the activation has left the dictionary, so the retry finds or makes a new one.
            if (activation.TryEnqueue(request))
            {
                return;
            }
        }
    }

    // A lone silo has no directory to update.
    void IGrainRequestDispatcher.OnDeactivated(ActivationData activation)
    {
    }

    public void Remove(ActivationData activation)
    {
        if (activation.GrainClass.IsStatelessWorker)
        {
            if (_workerPools.TryGetValue(activation.GrainId, out var pool))
            {
                pool.Remove(activation);
            }

            return;
        }

        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));
    }

    /// <summary>Stops taking calls for new activations, deactivates every activation and waits for them.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var pending = new List<Task>();
        foreach (var activation in Activations.ToList())
        {
            activation.Deactivate(DeactivationReason.ShuttingDown);
            pending.Add(activation.WhenDeactivated);
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void FailStopping(GrainRequest request) =>
        Fail(request, new SiloUnavailableException($"The silo is stopping; the call to {request} on {request.TargetGrainId} was not delivered."));

    private void Fail(GrainRequest request, Exception exception)
    {
        _env.PendingCalls.Untrack(request);
        request.TrySetException(exception);
    }
}
