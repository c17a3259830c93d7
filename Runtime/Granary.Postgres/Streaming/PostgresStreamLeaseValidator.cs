using Granary.Streaming;
using Microsoft.Extensions.Options;

namespace Granary.Postgres.Streaming;

/// <summary>
/// Checks that an agent renews its lease well before the lease expires: otherwise another silo may take a queue
/// whose batch is still being delivered. Runs on the provider's delivery options and reads its lease duration.
/// </summary>
internal sealed class PostgresStreamLeaseValidator(string providerName, string settingsPath, IOptionsMonitor<PostgresStreamOptions> queueOptions)
    : IValidateOptions<StreamDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamDeliveryOptions options)
    {
        if (!string.Equals(name, providerName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        ArgumentNullException.ThrowIfNull(options);
        TimeSpan leaseDuration;
        try
        {
            leaseDuration = queueOptions.Get(providerName).LeaseDuration;
        }
        catch (OptionsValidationException)
        {
            // The queue options are invalid themselves; their own validator says why.
            return ValidateOptionsResult.Skip;
        }

        return options.LeaseRenewalPeriod * 2 <= leaseDuration
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{settingsPath}:Delivery:LeaseRenewalPeriod ({options.LeaseRenewalPeriod}) must be at most half of {settingsPath}:LeaseDuration "
                + $"({leaseDuration}) for the PostgreSQL stream provider '{providerName}', so a lease is renewed before it can expire.");
    }
}
