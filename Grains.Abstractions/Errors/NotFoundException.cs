namespace Granary.Grains.Errors;

/// <summary>The thing asked for does not exist, or belongs to someone else.</summary>
[GenerateSerializer, Alias("granary.not-found")]
public sealed class NotFoundException(string message) : DomainException("not-found", message)
{
    public override DomainErrorKind Kind => DomainErrorKind.NotFound;
}
