using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Errors;

internal sealed class RequestLimitOptionsValidator : IValidateOptions<RequestLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestLimitOptions options)
        => options.MaxBodySize is >= 1024 and <= 16 * 1024 * 1024
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{RequestLimitOptions.SectionName}:MaxBodySize must be between 1024 and 16777216 bytes (it is {options.MaxBodySize}).");
}
