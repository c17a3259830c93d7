using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Granary.Extensions.Streaming;

/// <summary>
/// Logs what Orleans' agent reports. It gets no exception, so dead-lettering is done by
/// <see cref="RelationalStreamPoisonFilter"/>; subscriptions are never faulted (the agent keeps delivering).
/// </summary>
internal sealed partial class RelationalStreamFailureHandler(ILogger<RelationalStreamFailureHandler> logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogDeliveryFailure(logger, streamProviderName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailure(logger, streamProviderName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }
}
