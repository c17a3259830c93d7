using System.Diagnostics;
using System.Globalization;
using Granary.Benchmarks.Grains;
using Granary.Extensions.Resilience;
using Granary.Silo.Configuration;
using Granary.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Granary.Benchmarks.Hosting;

/// <summary>
/// A silo composed like the product's (<c>AddGranary</c> + <c>UseGranaryEndpoints</c>) plus the bench grains of this
/// assembly: in the benchmark's own process (ping-local) or as a silo process (<c>Granary.Benchmarks silo</c>).
/// </summary>
internal static class BenchSiloHost
{
    /// <summary>Printed by a silo process once its host has started: <c>ready &lt;seconds since process start&gt;</c>.</summary>
    public const string ReadyPrefix = "ready ";

    /// <summary>Printed by a silo process once its host has stopped.</summary>
    public const string StoppedLine = "stopped";

    /// <summary>Set to <c>true</c>, the silo cannot host <see cref="PingGrain"/>s (ping-cross-silo's silo A).</summary>
    public const string WithoutPingGrainsKey = "Bench:WithoutPingGrains";

    /// <summary>Overrides <see cref="RejectedCallRetryOptions.MaxRetries"/> of the product's retry filter (investigations; 0 = off).</summary>
    public const string RejectedCallMaxRetriesKey = "Bench:RejectedCallMaxRetries";

    /// <summary>Comma-separated class names of grain call filters to leave out (investigations), e.g. <c>RelationalStreamPoisonFilter</c>.</summary>
    public const string WithoutCallFiltersKey = "Bench:WithoutCallFilters";

    /// <summary>Builds a silo from <paramref name="settings"/> on top of environment variables; <paramref name="configure"/> adds to it.</summary>
    public static IHost Build(IReadOnlyDictionary<string, string>? settings, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Path.GetTempPath(),
        });
        builder.Configuration.AddEnvironmentVariables();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)));
        }

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);

        var shutdown = builder.Configuration.GetSection(ShutdownOptions.SectionName).Get<ShutdownOptions>() ?? new ShutdownOptions();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdown.Timeout);
        var withoutPingGrains = builder.Configuration.GetValue<bool>(WithoutPingGrainsKey);
        var rejectedCallRetries = builder.Configuration.GetValue<int?>(RejectedCallMaxRetriesKey);
        var withoutCallFilters = builder.Configuration[WithoutCallFiltersKey]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        builder.UseOrleans(silo =>
        {
            silo.AddGranary(builder.Configuration).UseGranaryEndpoints(builder.Configuration);
            if (withoutPingGrains)
            {
                silo.Configure<GrainTypeOptions>(options => options.Classes.Remove(typeof(PingGrain)));
            }

            if (rejectedCallRetries is { } retries)
            {
                silo.Services.Configure<RejectedCallRetryOptions>(options => options.MaxRetries = retries);
            }

            // Investigations only: take the named grain call filters of the product's composition out.
            foreach (var filter in withoutCallFilters)
            {
                var removed = silo.Services.Where(d => d.ServiceType == typeof(IIncomingGrainCallFilter) || d.ServiceType == typeof(IOutgoingGrainCallFilter))
                    .Where(d => d.ImplementationType?.Name == filter)
                    .ToList();
                foreach (var descriptor in removed)
                {
                    silo.Services.Remove(descriptor);
                }
            }

            configure?.Invoke(silo);
        });
        return builder.Build();
    }

    /// <summary>The silo process: configuration from the environment; ready line on stdout; stops on SIGTERM.</summary>
    public static async Task<int> RunProcessAsync()
    {
        using var host = Build(settings: null);
        await host.StartAsync();
        using (var process = Process.GetCurrentProcess())
        {
            var seconds = (DateTime.Now - process.StartTime).TotalSeconds;
            Console.WriteLine(ReadyPrefix + seconds.ToString("0.000", CultureInfo.InvariantCulture));
        }

        await host.WaitForShutdownAsync();
        Console.WriteLine(StoppedLine);
        return 0;
    }
}
