namespace Granary.Streams;

/// <summary>
/// How a provider's delivery agent hands events to a subscribing grain. Every <see cref="Grain"/> implements
/// it and passes the events to the observers its activation attached; each delivery is one turn.
/// </summary>
internal interface IStreamConsumer : IGrain
{
    /// <summary>Runs the subscription's observer on each item in order; stops at the first that throws.</summary>
    Task<StreamDeliveryResult> Deliver(StreamDelivery delivery);
}
