using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Cluster;

internal sealed class OrderPlacementOptionsValidator : IValidateOptions<OrderPlacementOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderPlacementOptions options)
        => options.WaitBudget > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{OrderPlacementOptions.SectionName}:WaitBudget must be positive (it is {options.WaitBudget}).");
}
