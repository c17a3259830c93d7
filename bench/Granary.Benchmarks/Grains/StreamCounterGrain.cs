using Granary.Benchmarks.Measurement;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Granary.Benchmarks.Grains;

/// <summary>
/// Implicitly subscribed to every stream of <see cref="Namespace"/>: stream key N activates grain N, which attaches
/// itself as the observer and hands each event to the scenario's <see cref="StreamTally"/> (a silo singleton).
/// </summary>
[ImplicitStreamSubscription(Namespace)]
internal sealed class StreamCounterGrain(StreamTally tally) : Grain, IStreamCounterGrain, IStreamSubscriptionObserver, IAsyncObserver<BenchEvent>
{
    public const string Namespace = "bench-events";

    private StreamConsumerTally _stream = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = tally[this.GetPrimaryKeyLong()];
        return Task.CompletedTask;
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<BenchEvent>().ResumeAsync(this);

    public Task OnNextAsync(BenchEvent item, StreamSequenceToken? token = null)
    {
        tally.Record(_stream, item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
