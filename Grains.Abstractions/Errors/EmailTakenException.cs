namespace Granary.Grains.Errors;

/// <summary>Another account already uses this email address (compared case-insensitively).</summary>
[GenerateSerializer, Alias("granary.email-taken")]
public sealed class EmailTakenException(string message) : DomainException("email-taken", message)
{
    public override DomainErrorKind Kind => DomainErrorKind.Conflict;
}
