using Granary.Extensions.Schema;
using Granary.Silo.Configuration;
using Granary.Silo.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.Silo.Hosting;

/// <summary>The silo process: runs a silo, or the <c>migrate</c> command; reports a bad start-up on stderr with exit code 1.</summary>
public static class SiloProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var migrate = args.Length > 0 && string.Equals(args[0], "migrate", StringComparison.OrdinalIgnoreCase);
        // appsettings.json is read from next to the binary, whatever directory the silo is started from.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = migrate ? args[1..] : args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        try
        {
            if (migrate)
            {
                return await MigrateAsync(builder);
            }

            var shutdown = GranaryConfiguration.Bind<ShutdownOptions>(builder.Configuration, ShutdownOptions.SectionName);
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdown.Timeout);
            builder.UseOrleans(silo => silo.AddGranary(builder.Configuration).UseGranaryEndpoints(builder.Configuration));
            using var host = builder.Build();
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            try
            {
                await host.StartAsync();
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // SIGTERM (or Ctrl+C) while starting: Orleans abandons the start and stops without a graceful hand-over.
                await Console.Error.WriteLineAsync("Granary.Silo: stopped before start-up completed (a stop was requested while starting)");
                return 1;
            }

            return await RunUntilStoppedAsync(host);
        }
        catch (Exception exception)
        {
            // The host has logged the details; the operator gets the reason on one line and a non-zero exit code.
            var reason = FindStartupFailure(exception) ?? exception;
            await Console.Error.WriteLineAsync($"Granary.Silo: start-up failed: {reason.Message}");
            return 1;
        }
    }

    // A failure while stopping (SIGTERM) is not a start-up failure: reported as what it is, still with exit code 1.
    private static async Task<int> RunUntilStoppedAsync(IHost host)
    {
        try
        {
            await host.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"Granary.Silo: graceful stop failed: {exception.Message}");
            return 1;
        }
    }

    // Failures with a message written for the operator; Orleans may wrap them (a lifecycle stage's exception).
    private static Exception? FindStartupFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is InvalidConfigurationException or DatabaseUnavailableException or SchemaTooNewException or SchemaChecksumMismatchException
                or Microsoft.Extensions.Options.OptionsValidationException)
            {
                return exception;
            }

            if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                return FindStartupFailure(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }

    private static async Task<int> MigrateAsync(HostApplicationBuilder builder)
    {
        var database = GranaryConfiguration.ReadDatabase(builder.Configuration);
        using var host = builder.Build();
        var loggerFactory = host.Services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var startup = new DatabaseStartup(database, new SchemaMigrator(loggerFactory.CreateLogger<SchemaMigrator>(), TimeProvider.System), TimeProvider.System, loggerFactory.CreateLogger<DatabaseStartup>());
        await startup.RunAsync(SchemaMode.Migrate, CancellationToken.None);
        return 0;
    }
}
