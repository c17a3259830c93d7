using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Security;

internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var section = JwtOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{section}:Issuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{section}:Audience must not be empty.");
        }

        if (options.Lifetime < TimeSpan.FromMinutes(1) || options.Lifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"{section}:Lifetime must be between 00:01:00 and 1.00:00:00 (it is {options.Lifetime}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
