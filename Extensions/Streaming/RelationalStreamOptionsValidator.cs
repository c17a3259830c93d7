using Granary.Extensions.Schema;
using Microsoft.Extensions.Options;

namespace Granary.Extensions.Streaming;

/// <summary>Refuses settings that cannot work, naming the setting and the provider.</summary>
internal sealed class RelationalStreamOptionsValidator : IValidateOptions<RelationalStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, RelationalStreamOptions options)
    {
        var prefix = $"Stream provider '{name}': {nameof(RelationalStreamOptions)}.";
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Database))
        {
            failures.Add($"{prefix}{nameof(options.Database)} must be {DatabaseKind.Sqlite} or {DatabaseKind.Postgres}, not {options.Database}.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{prefix}{nameof(options.ConnectionString)} is required.");
        }

        Positive(options.QueueCount, nameof(options.QueueCount), 1024);
        Positive(options.MaxDeliveryAttempts, nameof(options.MaxDeliveryAttempts), 1000);
        Positive(options.ReadBatchSize, nameof(options.ReadBatchSize), 10_000);
        Positive(options.WriteBatchSize, nameof(options.WriteBatchSize), 10_000);
        Positive(options.CacheSize, nameof(options.CacheSize), 1_000_000);
        Duration(options.PollInterval, nameof(options.PollInterval));
        Duration(options.DeliveryRetryDelay, nameof(options.DeliveryRetryDelay));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(int value, string setting, int max)
        {
            if (value < 1 || value > max)
            {
                failures.Add($"{prefix}{setting} must be between 1 and {max}, not {value}.");
            }
        }

        void Duration(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(10))
            {
                failures.Add($"{prefix}{setting} must be above zero and at most 10 minutes, not {value}.");
            }
        }
    }
}
