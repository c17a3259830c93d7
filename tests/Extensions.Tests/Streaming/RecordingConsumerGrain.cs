using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Granary.Extensions.Tests.Streaming;

public interface IRecordingConsumerGrain : IGrainWithGuidKey
{
    Task PingAsync();
}

/// <summary>
/// The implicit consumer of every stream in <see cref="Namespace"/>: records each event through the silo's
/// <see cref="IDeliveryRecorder"/>, and always throws on poison events.
/// </summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class RecordingConsumerGrain : Grain, IRecordingConsumerGrain, IStreamSubscriptionObserver
{
    public const string Namespace = "durable";

    private readonly Dictionary<int, int> _transientFailures = [];

    public Task PingAsync() => Task.CompletedTask;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<StreamTestEvent>().ResumeAsync(OnNextAsync);

    private Task OnNextAsync(StreamTestEvent item, StreamSequenceToken? token)
    {
        if (item.Poison)
        {
            throw new InvalidOperationException($"poison event {this.GetPrimaryKey()}/{item.Sequence}");
        }

        if (item.TransientFailures > 0)
        {
            var failed = _transientFailures.GetValueOrDefault(item.Sequence);
            if (failed < item.TransientFailures)
            {
                _transientFailures[item.Sequence] = failed + 1;
                throw new TimeoutException($"transient failure {failed + 1} of event {item.Sequence}");
            }
        }

        var recorder = ServiceProvider.GetRequiredService<IDeliveryRecorder>();
        return recorder.RecordAsync(this.GetPrimaryKey(), item.Sequence, this.RuntimeIdentity);
    }
}
