using System.Text.Json.Serialization;
using Granary.ApiGateway.Errors;
using Granary.ApiGateway.Health;
using Granary.ApiGateway.OpenApi;
using Granary.ApiGateway.RateLimiting;
using Granary.ApiGateway.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Hosting;

/// <summary>What the gateway registers: the grains (co-hosted silo or cluster client), security, errors, limits, health, OpenAPI.</summary>
public static class GatewayBuilderExtensions
{
    public static WebApplicationBuilder AddGranaryGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddShopCluster();
        builder.AddGatewaySecurity();

        services.ConfigureHttpJsonOptions(options => Configure(options));
        // Binding failures (malformed JSON, wrong types, a missing body) become exceptions the handler answers with the field at fault.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddOptionsWithValidateOnStart<RequestLimitOptions>().Bind(builder.Configuration.GetSection(RequestLimitOptions.SectionName));
        services.AddSingleton<IValidateOptions<RequestLimitOptions>, RequestLimitOptionsValidator>();
        services.AddProblemDetails();
        services.AddSingleton<ProblemCustomizer>();
        services.AddOptions<ProblemDetailsOptions>().Configure<ProblemCustomizer>((problems, customizer) => problems.CustomizeProblemDetails = customizer.Customize);
        services.AddExceptionHandler<GatewayExceptionHandler>();

        services.AddGatewayRateLimiting(builder.Configuration);
        services.AddGatewayHealth();
        services.AddGatewayOpenApi();
        return builder;
    }

    private static void Configure(JsonOptions options)
    {
        var json = options.SerializerOptions;
        json.Converters.Add(new JsonStringEnumConverter());
        // "5" is not a number: type confusion is refused, not coerced.
        json.NumberHandling = JsonNumberHandling.Strict;
    }
}
