using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.RateLimiting;

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Check(options.PerUser, "PerUser", failures);
        Check(options.PerIp, "PerIp", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(WindowLimit? limit, string name, List<string> failures)
    {
        var key = $"{RateLimitOptions.SectionName}:{name}";
        if (limit is null)
        {
            failures.Add($"{key} is required.");
            return;
        }

        if (limit.PermitLimit < 1)
        {
            failures.Add($"{key}:PermitLimit must be at least 1 (it is {limit.PermitLimit}).");
        }

        if (limit.Window <= TimeSpan.Zero)
        {
            failures.Add($"{key}:Window must be positive (it is {limit.Window}).");
        }
    }
}
