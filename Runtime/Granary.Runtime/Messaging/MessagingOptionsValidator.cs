using Microsoft.Extensions.Options;

namespace Granary.Messaging;

internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{MessagingOptions.SectionName}:ResponseTimeout must be positive (was {options.ResponseTimeout}).");
        }

        if (options.ResponseTimeoutCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"{MessagingOptions.SectionName}:ResponseTimeoutCheckInterval must be positive (was {options.ResponseTimeoutCheckInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
