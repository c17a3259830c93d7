namespace Granary.Grains.Errors;

/// <summary>The idempotency key was already used for a different request body.</summary>
[GenerateSerializer, Alias("granary.idempotency-conflict")]
public sealed class IdempotencyConflictException(string message) : DomainException("idempotency-conflict", message)
{
    public override DomainErrorKind Kind => DomainErrorKind.Conflict;
}
