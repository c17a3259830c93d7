using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Granary.Silo.Database;
using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Hosting;

/// <summary>The gateway process: builds and runs the web host; a bad start-up is one line on stderr and exit code 1.</summary>
public static class GatewayProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddGranaryGateway();
            app = builder.Build();
        }
        catch (Exception exception) when (exception is not HostAbortedException)
        {
            await ReportAsync("start-up failed", exception);
            return 1;
        }

        await using (app)
        {
            app.UseGranaryGateway();
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            try
            {
                await app.StartAsync();
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("Granary.ApiGateway: stopped before start-up completed (a stop was requested while starting)");
                return 1;
            }
            catch (Exception exception) when (exception is not HostAbortedException)
            {
                await ReportAsync("start-up failed", exception);
                return 1;
            }

            try
            {
                await app.WaitForShutdownAsync();
                return 0;
            }
            catch (Exception exception)
            {
                await ReportAsync("graceful stop failed", exception);
                return 1;
            }
        }
    }

    // The host has logged the details; the operator gets the reason on one line.
    private static Task ReportAsync(string what, Exception exception)
        => Console.Error.WriteLineAsync($"Granary.ApiGateway: {what}: {(FindReason(exception) ?? exception).Message}");

    // Failures with a message written for the operator; Orleans and the host may wrap them.
    private static Exception? FindReason(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is GatewayConfigurationException or InvalidConfigurationException or OptionsValidationException
                or DatabaseUnavailableException or SchemaTooNewException or SchemaChecksumMismatchException)
            {
                return exception;
            }

            if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                return FindReason(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }
}
