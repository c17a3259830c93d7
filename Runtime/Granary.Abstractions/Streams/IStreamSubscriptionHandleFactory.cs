namespace Granary.Streams;

/// <summary>Makes a typed handle for the subscription a grain is being told about.</summary>
public interface IStreamSubscriptionHandleFactory
{
    StreamId StreamId { get; }

    string ProviderName { get; }

    Guid SubscriptionId { get; }

    StreamSubscriptionHandle<T> Create<T>();
}
