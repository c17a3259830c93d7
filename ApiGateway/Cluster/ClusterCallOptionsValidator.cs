using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Cluster;

internal sealed class ClusterCallOptionsValidator : IValidateOptions<ClusterCallOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterCallOptions options)
    {
        var section = ClusterCallOptions.SectionName;
        var failures = new List<string>();
        Positive(options.CallTimeout, $"{section}:CallTimeout", failures);
        Positive(options.ReadinessTimeout, $"{section}:ReadinessTimeout", failures);
        Positive(options.ConnectRetryDelay, $"{section}:ConnectRetryDelay", failures);
        Positive(options.DisconnectedProbeInterval, $"{section}:DisconnectedProbeInterval", failures);
        Positive(options.GatewayListRefreshPeriod, $"{section}:GatewayListRefreshPeriod", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be positive (it is {value}).");
        }
    }
}
