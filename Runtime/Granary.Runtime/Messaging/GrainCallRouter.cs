using Granary.Activation;
using Granary.Invocation;
using Granary.Placement;
using Granary.Serialization;

namespace Granary.Messaging;

/// <summary>
/// The call path of a silo in a cluster: a call whose grain this silo owns (or a stateless worker) goes
/// to the local catalog with copied arguments, any other call is serialized to the owning silo. The same
/// decision applies to calls re-routed after a deactivation, so they follow a grain whose owner changed.
/// Grains with random or prefer-local placement are found through the grain directory instead of the ring.
/// </summary>
internal sealed class GrainCallRouter : IGrainReferenceRuntime, IGrainRequestDispatcher, IRemoteCallHost
{
    private readonly Catalog _catalog;
    private readonly GrainTypeRegistry _registry;
    private readonly GrainLocator _locator;
    private readonly RemoteGrainCaller _remote;
    private readonly LocalGrainCallRuntime _local;
    private readonly IDeepCopier _copier;
    private readonly PendingCallTracker _pendingCalls;
    private readonly GrainDirectoryClient _directory;

    public GrainCallRouter(
        Catalog catalog,
        GrainTypeRegistry registry,
        GrainLocator locator,
        RemoteGrainCaller remote,
        LocalGrainCallRuntime local,
        IDeepCopier copier,
        PendingCallTracker pendingCalls,
        GrainDirectoryClient directory,
        ActivationEnvironment environment)
    {
        _directory = directory;
        _catalog = catalog;
        _registry = registry;
        _locator = locator;
        _remote = remote;
        _local = local;
        _copier = copier;
        _pendingCalls = pendingCalls;
        environment.Dispatcher = this;
    }

    public void SendRequest(GrainReference target, GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        var directoryPlacement = DirectoryPlacement(target.GrainId);
        var owner = directoryPlacement is null ? RemoteOwner(target.GrainId) : null;
        if (owner is null && directoryPlacement is null)
        {
            _local.SendRequest(target, request);
            return;
        }

        // Remote calls are serialized, which copies as a side effect: no deep copy here.
        request.TargetGrainId = target.GrainId;
        if ((request.Options & InvokeMethodOptions.OneWay) != 0)
        {
            request.TrySetDefaultResult();
        }
        else
        {
            _pendingCalls.Track(request);
        }

        if (directoryPlacement is { } strategy)
        {
            _ = RouteThroughDirectoryAsync(request, strategy, invalidate: false);
        }
        else
        {
            _remote.Send(owner!, request);
        }
    }

    public string Identity => _locator.LocalSilo!.ToString();

    public Membership.SiloAddress? LocalSilo => _locator.LocalSilo;

    public void Redeliver(GrainRequest request) => Dispatch(request);

    /// <summary>Delivers a call already copied and tracked (re-routed from a deactivated activation).</summary>
    public void Dispatch(GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DirectoryPlacement(request.TargetGrainId) is { } strategy)
        {
            // Re-routed or redelivered: the cached location may be what failed, so ask the directory again.
            _ = RouteThroughDirectoryAsync(request, strategy, invalidate: true);
            return;
        }

        var owner = RemoteOwner(request.TargetGrainId);
        if (owner is not null && request.RemoteOrigin is { } origin)
        {
            // A call from elsewhere that can no longer run here: its caller resends it to the owner.
            origin.Forward(owner.ToString());
            return;
        }

        Deliver(owner, request);
    }

    /// <summary>
    /// Serves here a call that was on its way to another silo and was sent back to this one (the other silo
    /// says this silo owns the grain now). It was not copied when it left, so it is copied now.
    /// </summary>
    public void DeliverHere(GrainRequest request)
    {
        try
        {
            request.CopyArguments(_copier);
        }
        catch (Exception exception)
        {
            _pendingCalls.Untrack(request);
            request.TrySetException(exception);
            return;
        }

        _catalog.Dispatch(request);
    }

    /// <summary>A call for a directory-placed grain that reached this silo from elsewhere: confirm with the directory, then serve or forward.</summary>
    public void DispatchIncoming(GrainRequest request) =>
        _ = RouteThroughDirectoryAsync(request, DirectoryPlacement(request.TargetGrainId) ?? PlacementStrategy.Random, invalidate: false);

    public void OnDeactivated(ActivationData activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (activation.GrainClass.UsesDirectory && _locator.LocalSilo is { } local)
        {
            _ = ForgetAsync(activation.GrainId, local);
        }
    }

    /// <summary>The placement strategy when <paramref name="grainId"/> is found through the directory; null otherwise.</summary>
    public PlacementStrategy? DirectoryPlacement(GrainId grainId)
    {
        try
        {
            var grainClass = _registry.GetByGrainType(grainId.Type);
            return grainClass.UsesDirectory ? grainClass.Placement : null;
        }
        catch (GrainClassNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether this silo should serve a call for <paramref name="grainId"/> that reached it.</summary>
    public bool ServesLocally(GrainId grainId) => RemoteOwner(grainId) is null || _catalog.HasActivation(grainId);

    private async Task RouteThroughDirectoryAsync(GrainRequest request, PlacementStrategy strategy, bool invalidate)
    {
        var grainId = request.TargetGrainId;
        try
        {
            if (invalidate)
            {
                _directory.Invalidate(grainId);
            }

            var silo = await _directory.LocateAsync(grainId, strategy).ConfigureAwait(false);
            if (silo.Equals(_locator.LocalSilo) && !_catalog.HasActivation(grainId))
            {
                // About to activate here: make sure the directory still names this silo (a cached answer
                // may be stale), so two silos never both activate the grain.
                silo = await _directory.RegisterAsync(grainId, silo).ConfigureAwait(false);
            }

            if (silo.Equals(_locator.LocalSilo))
            {
                if (request.RemoteOrigin is null)
                {
                    DeliverHere(request);
                }
                else
                {
                    _catalog.Dispatch(request);
                }
            }
            else if (request.RemoteOrigin is { } origin)
            {
                origin.Forward(silo.ToString());
            }
            else
            {
                _remote.Send(silo, request);
            }
        }
        catch (Exception exception)
        {
            _pendingCalls.Untrack(request);
            request.TrySetException(exception);
        }
    }

    private async Task ForgetAsync(GrainId grainId, Membership.SiloAddress local)
    {
        try
        {
            await _directory.UnregisterAsync(grainId, local).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or GrainCallTimeoutException or Storage.GrainStorageException)
        {
            // The entry names a silo whose activation is gone; the next registration replaces it once that
            // silo is no longer active, or this silo re-registers when the grain comes back here.
        }
    }

    private void Deliver(Membership.SiloAddress? owner, GrainRequest request)
    {
        if (owner is null)
        {
            _catalog.Dispatch(request);
        }
        else
        {
            _remote.Send(owner, request);
        }
    }

    /// <summary>The other silo that owns the grain, or null when this silo serves it.</summary>
    private Membership.SiloAddress? RemoteOwner(GrainId grainId)
    {
        if (_locator.IsLocallyOwned(grainId) || IsStatelessWorker(grainId))
        {
            return null;
        }

        return _locator.GetOwner(grainId);
    }

    private bool IsStatelessWorker(GrainId grainId)
    {
        try
        {
            return _registry.GetByGrainType(grainId.Type).IsStatelessWorker;
        }
        catch (GrainClassNotFoundException)
        {
            // Unknown here: let the owner decide (and report it).
            return false;
        }
    }
}
