using Granary.Runtime;
using Granary.Streams;

namespace Granary.Runtime.Tests.Grains;

public sealed class ExplicitConsumerState
{
    public List<string> Streams { get; set; } = [];
}

/// <summary>Resumes its subscriptions in OnActivateAsync, the Orleans way. Grain code: awaits keep to the turn.</summary>
public sealed class ExplicitConsumerGrain(
    StreamLog log,
    [PersistentState("streams")] IPersistentState<ExplicitConsumerState> state) : Grain, IExplicitConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(this.GetPrimaryKeyString());
        foreach (var entry in state.State.Streams)
        {
            var stream = Stream(entry);
            foreach (var handle in await stream.GetAllSubscriptionHandles().ConfigureAwait(true))
            {
                await handle.ResumeAsync(Record).ConfigureAwait(true);
            }
        }
    }

    public async Task Subscribe(string provider, string streamNamespace, string streamKey)
    {
        var entry = $"{provider}|{streamNamespace}|{streamKey}";
        await Stream(entry).SubscribeAsync(Record).ConfigureAwait(true);
        if (!state.State.Streams.Contains(entry))
        {
            state.State.Streams.Add(entry);
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    public async Task Unsubscribe(string provider, string streamNamespace, string streamKey)
    {
        var entry = $"{provider}|{streamNamespace}|{streamKey}";
        foreach (var handle in await Stream(entry).GetAllSubscriptionHandles().ConfigureAwait(true))
        {
            await handle.UnsubscribeAsync().ConfigureAwait(true);
        }

        state.State.Streams.Remove(entry);
        await state.WriteStateAsync().ConfigureAwait(true);
    }

    public async Task<int> CountHandles(string provider, string streamNamespace, string streamKey) =>
        (await Stream($"{provider}|{streamNamespace}|{streamKey}").GetAllSubscriptionHandles().ConfigureAwait(true)).Count;

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private IAsyncStream<StreamItem> Stream(string entry)
    {
        var parts = entry.Split('|');
        return this.GetStreamProvider(parts[0]).GetStream<StreamItem>(StreamId.Create(parts[1], parts[2]));
    }

    private Task Record(StreamItem item, StreamSequenceToken? token) =>
        StreamConsumers.Record(log, this, this.GetPrimaryKeyString(), item, token);
}

public sealed class StreamProducerGrain : Grain, IStreamProducerGrain
{
    public async Task Publish(string provider, string streamNamespace, string streamKey, int from, int count)
    {
        var stream = this.GetStreamProvider(provider).GetStream<StreamItem>(StreamId.Create(streamNamespace, streamKey));
        for (var i = from; i < from + count; i++)
        {
            await stream.OnNextAsync(new StreamItem(i)).ConfigureAwait(true);
        }
    }

    public Task PublishBatch(string provider, string streamNamespace, string streamKey, List<StreamItem> items) =>
        this.GetStreamProvider(provider).GetStream<StreamItem>(StreamId.Create(streamNamespace, streamKey)).OnNextBatchAsync(items);
}

[ImplicitStreamSubscription("implicit-observer")]
public sealed class ObservingImplicitConsumerGrain(StreamLog log) : Grain, IObservingImplicitConsumerGrain, IStreamSubscriptionObserver
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated("observing/" + this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<StreamItem>().ResumeAsync(
            (item, token) => StreamConsumers.Record(log, this, $"observing/{handleFactory.ProviderName}/{this.GetPrimaryKeyString()}", item, token));

    public Task<int> Activations() => Task.FromResult(log.Activations("observing/" + this.GetPrimaryKeyString()));
}

[ImplicitStreamSubscription("implicit-activate")]
public sealed class ActivatingImplicitConsumerGrain(StreamLog log) : Grain, IActivatingImplicitConsumerGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated("activating/" + this.GetPrimaryKeyString());
        var stream = this.GetStreamProvider("memory").GetStream<StreamItem>(StreamId.Create("implicit-activate", this.GetPrimaryKeyString()));
        await stream.SubscribeAsync((item, token) => StreamConsumers.Record(log, this, "activating/" + this.GetPrimaryKeyString(), item, token))
            .ConfigureAwait(true);
    }

    public Task<int> Activations() => Task.FromResult(log.Activations("activating/" + this.GetPrimaryKeyString()));
}

/// <summary>The consumers' shared handler: record, or throw on a poison item.</summary>
internal static class StreamConsumers
{
    public static async Task Record(StreamLog log, Grain grain, string consumer, StreamItem item, StreamSequenceToken? token)
    {
        if (item.Poison)
        {
            throw new InvalidOperationException($"poison item {item.Number}");
        }

        if (item.StorageFailures > 0 && log.Attempt(consumer, item.Number) <= item.StorageFailures)
        {
            throw new Granary.Storage.GrainStorageException($"storage unavailable for item {item.Number}", new TimeoutException("test storage blip"));
        }

        if (item.Gate is not null)
        {
            await ((Gates)grain.GrainContext.ActivationServices.GetService(typeof(Gates))!).WaitAsync(item.Gate).ConfigureAwait(true);
        }

        var silo = grain.GrainContext.ActivationServices.GetService(typeof(Granary.Membership.ILocalSiloDetails)) is Granary.Membership.ILocalSiloDetails details
            ? details.SiloAddress.ToString()
            : "lone";
        log.Add(consumer, item, token, silo);
    }
}
