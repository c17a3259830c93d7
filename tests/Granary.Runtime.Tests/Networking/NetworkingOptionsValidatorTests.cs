using Granary.Networking;

namespace Granary.Runtime.Tests.Networking;

public sealed class NetworkingOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new NetworkingOptionsValidator().Validate(null, new NetworkingOptions()).Succeeded);
    }

    [Fact]
    public void Every_invalid_setting_is_named_by_its_configuration_key()
    {
        var options = new NetworkingOptions
        {
            Port = 70000,
            BindAddress = "not-an-ip",
            MaxFrameSize = 10,
            ConnectionsPerPeer = 0,
            SendQueueCapacity = 0,
            SendBufferLimit = 1,
            ConnectTimeout = TimeSpan.Zero,
            ShutdownDrainTimeout = TimeSpan.FromSeconds(-1),
            ReconnectBackoff = TimeSpan.FromSeconds(2),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
            ProbeTimeout = TimeSpan.Zero,
        };

        var result = new NetworkingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[]
        {
            "Port", "BindAddress", "MaxFrameSize", "ConnectionsPerPeer", "SendQueueCapacity", "SendBufferLimit",
            "ConnectTimeout", "ShutdownDrainTimeout", "MaxReconnectBackoff", "ProbeTimeout",
        })
        {
            Assert.Contains(result.Failures!, failure => failure.StartsWith($"Granary:Networking:{key} ", StringComparison.Ordinal));
        }
    }
}
