using Microsoft.Extensions.Options;

namespace Granary.Activation;

internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.CollectionAge), options.CollectionAge);
        Positive(failures, nameof(options.CollectionQuantum), options.CollectionQuantum);
        Positive(failures, nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{GrainCollectionOptions.SectionName}:{setting} must be positive (was {value}).");
        }
    }
}
