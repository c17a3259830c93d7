using Orleans.Runtime.Providers;

namespace Granary.Extensions.Streaming;

/// <summary>A fixed pause between delivery attempts, so <see cref="RelationalStreamOptions.MaxDeliveryAttempts"/> bounds how long a poison event blocks its stream.</summary>
internal sealed class RelationalStreamDeliveryBackoff(TimeSpan delay) : IMessageDeliveryBackoffProvider
{
    public TimeSpan Next(int attempt) => delay;
}
