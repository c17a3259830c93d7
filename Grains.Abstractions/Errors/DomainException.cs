namespace Granary.Grains.Errors;

/// <summary>
/// A refusal by a domain rule. Thrown before anything changes, so the caller may correct the input and try again.
/// Crosses the wire with its type, <see cref="Code"/> and message.
/// </summary>
[GenerateSerializer, Alias("granary.domain-error")]
public abstract class DomainException : Exception
{
    protected DomainException(string code, string message) : base(message) => Code = code;

    /// <summary>A stable, machine-readable name of the rule that refused (e.g. <c>email-taken</c>).</summary>
    [Id(0)]
    public string Code { get; private set; }

    public abstract DomainErrorKind Kind { get; }
}
