using Granary.Membership;
using Granary.Messaging;
using Granary.Networking;
using Granary.Placement;
using Microsoft.Extensions.Hosting;

namespace Granary.Client;

/// <summary>
/// The client itself: a grain factory whose references call into the cluster, started and stopped with
/// its host (first membership read on start, connections drained on stop).
/// </summary>
internal sealed class ClusterClient(
    GrainFactory grainFactory,
    ClientMembershipView membership,
    GrainLocator locator,
    ConnectionManager connections,
    PendingCallTracker pendingCalls,
    IServiceProvider services) : IClusterClient, IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _following = Task.CompletedTask;
    private int _disposed;

    public IServiceProvider ServiceProvider => services;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        pendingCalls.Start();
        await membership.StartAsync(cancellationToken).ConfigureAwait(false);
        locator.Update(membership.CurrentSnapshot);
        _following = FollowAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await connections.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _following.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    // Registered under several service types, so the container may dispose it more than once.
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _stopping.Dispose();
        }
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey => grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithGuidCompoundKey => grainFactory.GetGrain<TGrainInterface>(primaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithIntegerCompoundKey => grainFactory.GetGrain<TGrainInterface>(primaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => grainFactory.GetGrain<TGrainInterface>(grainId);

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates(cancellationToken).ConfigureAwait(false))
            {
                locator.Update(snapshot);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client is stopping.
        }
    }
}
