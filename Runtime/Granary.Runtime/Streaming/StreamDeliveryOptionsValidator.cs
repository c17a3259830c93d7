using Microsoft.Extensions.Options;

namespace Granary.Streaming;

/// <summary>Checks one provider's delivery options at start-up, naming the setting at fault.</summary>
internal sealed class StreamDeliveryOptionsValidator(string providerName) : IValidateOptions<StreamDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamDeliveryOptions options)
    {
        if (name != providerName)
        {
            return ValidateOptionsResult.Skip;
        }

        var section = $"Granary:Streams:{providerName}:Delivery";
        var failures = new List<string>();
        Require(options.MaxBatchSize >= 1, $"{section}:MaxBatchSize must be at least 1 (was {options.MaxBatchSize}).");
        Require(options.MaxDeliveryAttempts >= 1, $"{section}:MaxDeliveryAttempts must be at least 1 (was {options.MaxDeliveryAttempts}).");
        Require(options.RetryDelay > TimeSpan.Zero, $"{section}:RetryDelay must be positive (was {options.RetryDelay}).");
        Require(options.MaxRetryDelay >= options.RetryDelay, $"{section}:MaxRetryDelay must be at least RetryDelay (was {options.MaxRetryDelay}).");
        Require(options.PollInterval > TimeSpan.Zero, $"{section}:PollInterval must be positive (was {options.PollInterval}).");
        Require(options.LeaseRenewalPeriod > TimeSpan.Zero, $"{section}:LeaseRenewalPeriod must be positive (was {options.LeaseRenewalPeriod}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Require(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }
}
