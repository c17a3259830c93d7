using Granary.ApiGateway.Endpoints;
using Granary.ApiGateway.Errors;
using Granary.ApiGateway.Health;
using Granary.ApiGateway.Security;

namespace Granary.ApiGateway.Hosting;

/// <summary>The gateway's middleware and routes, in order: errors, body limit, routing, authentication, rate limit, authorization.</summary>
public static partial class GatewayPipeline
{
    public static WebApplication UseGranaryGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Answers without a body of their own (401, 403, 404 of unknown routes, 405...) get problem details too.
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        // After authentication (limits are per user), before authorization (refused callers count too).
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        app.MapHealthApi();
        app.MapAuthApi();
        app.MapUserApi();
        app.MapProductApi();
        app.MapInventoryApi();
        app.MapOrderApi();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Granary.ApiGateway");
        var mode = app.Services.GetRequiredService<GatewayMode>();
        var key = app.Services.GetRequiredService<SigningKey>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            LogMode(logger, mode.Embedded ? "the embedded shop (silo co-hosted, SQLite)" : "a PostgreSQL cluster as its client");
            if (key.Generated)
            {
                LogGeneratedKey(logger);
            }
        });
        return app;
    }

    [LoggerMessage(EventId = EventIds.GatewayMode, Level = LogLevel.Information, Message = "Gateway serving {Mode}")]
    private static partial void LogMode(ILogger logger, string mode);

    [LoggerMessage(EventId = EventIds.SigningKeyGenerated, Level = LogLevel.Warning,
        Message = "No Gateway:Jwt:SigningKey configured (Development): tokens are signed with a key made for this process and die with it")]
    private static partial void LogGeneratedKey(ILogger logger);
}
