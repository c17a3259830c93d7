using Microsoft.Extensions.Options;

namespace Granary.Streaming.Memory;

/// <summary>Checks an in-memory provider's queue options at start-up, naming the setting at fault.</summary>
internal sealed class MemoryStreamOptionsValidator(string providerName) : IValidateOptions<MemoryStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryStreamOptions options)
    {
        if (name != providerName)
        {
            return ValidateOptionsResult.Skip;
        }

        var section = $"Granary:Streams:{providerName}";
        var failures = new List<string>();
        if (options.QueueCount < 1)
        {
            failures.Add($"{section}:QueueCount must be at least 1 (was {options.QueueCount}).");
        }

        if (options.QueueCapacity < 1)
        {
            failures.Add($"{section}:QueueCapacity must be at least 1 (was {options.QueueCapacity}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
