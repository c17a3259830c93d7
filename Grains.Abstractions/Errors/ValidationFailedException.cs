namespace Granary.Grains.Errors;

/// <summary>The input breaks one or more rules; <see cref="Errors"/> names each field and what is wrong with it.</summary>
[GenerateSerializer, Alias("granary.validation-failed")]
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("validation-failed", Describe(errors))
{
    [Id(0)]
    public Dictionary<string, string[]> Errors { get; private set; } = new(errors, StringComparer.Ordinal);

    public override DomainErrorKind Kind => DomainErrorKind.Invalid;

    private static string Describe(IReadOnlyDictionary<string, string[]> errors)
        => "Invalid input: " + string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")) + ".";
}
