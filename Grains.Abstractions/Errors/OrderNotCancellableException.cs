namespace Granary.Grains.Errors;

/// <summary>The order has reached a state from which it cannot be cancelled.</summary>
[GenerateSerializer, Alias("granary.order-not-cancellable")]
public sealed class OrderNotCancellableException(string message) : DomainException("order-not-cancellable", message)
{
    public override DomainErrorKind Kind => DomainErrorKind.Conflict;
}
