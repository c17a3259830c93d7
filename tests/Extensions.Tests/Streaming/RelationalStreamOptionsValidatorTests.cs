using System.Net;
using System.Net.Sockets;
using Granary.Extensions.Schema;
using Granary.Extensions.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Extensions.Tests.Streaming;

public sealed class RelationalStreamOptionsValidatorTests
{
    [Fact]
    public void Defaults_with_a_connection_string_are_valid()
    {
        var result = new RelationalStreamOptionsValidator().Validate("Default", new RelationalStreamOptions { ConnectionString = "Data Source=x.db" });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(nameof(RelationalStreamOptions.QueueCount))]
    [InlineData(nameof(RelationalStreamOptions.MaxDeliveryAttempts))]
    [InlineData(nameof(RelationalStreamOptions.ReadBatchSize))]
    [InlineData(nameof(RelationalStreamOptions.PollInterval))]
    [InlineData(nameof(RelationalStreamOptions.ConnectionString))]
    public void A_bad_setting_is_refused_by_name(string setting)
    {
        var options = new RelationalStreamOptions { ConnectionString = "Host=db" };
        switch (setting)
        {
            case nameof(RelationalStreamOptions.QueueCount): options.QueueCount = 0; break;
            case nameof(RelationalStreamOptions.MaxDeliveryAttempts): options.MaxDeliveryAttempts = 0; break;
            case nameof(RelationalStreamOptions.ReadBatchSize): options.ReadBatchSize = -1; break;
            case nameof(RelationalStreamOptions.PollInterval): options.PollInterval = TimeSpan.Zero; break;
            default: options.ConnectionString = " "; break;
        }

        var result = new RelationalStreamOptionsValidator().Validate("Orders", options);
        Assert.True(result.Failed);
        Assert.Contains($"{nameof(RelationalStreamOptions)}.{setting}", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'Orders'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_with_a_bad_setting_does_not_start_and_names_the_setting()
    {
        using var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort());
                silo.AddMemoryGrainStorage("PubSubStore");
                silo.AddRelationalStreams("Orders", options =>
                {
                    options.Database = DatabaseKind.Sqlite;
                    options.ConnectionString = "Data Source=never-created.db";
                    options.QueueCount = 0;
                });
            })
            .Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("QueueCount", exception.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
