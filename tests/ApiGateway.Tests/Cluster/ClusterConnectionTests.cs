using Granary.ApiGateway.Cluster;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Tests.Cluster;

/// <summary>When grain calls are let through: after start-up; while disconnected, one probe per interval.</summary>
public sealed class ClusterConnectionTests
{
    private readonly ManualTime _time = new();
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly ClusterConnection _connection;

    public ClusterConnectionTests()
        => _connection = new ClusterConnection(_lifetime, Options.Create(new ClusterCallOptions { DisconnectedProbeInterval = TimeSpan.FromSeconds(1) }), _time);

    [Fact]
    public void Nothing_is_let_through_before_the_host_has_started()
    {
        Assert.False(_connection.TryAdmit(out var reason));
        Assert.Contains("not connected", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_call_is_let_through_while_connected_or_when_nothing_reports_connections()
    {
        _lifetime.NotifyStarted();
        Assert.True(_connection.TryAdmit(out _));

        _connection.NotifyGatewayCountChanged(2, 0, connectionRecovered: false);
        Assert.True(_connection.TryAdmit(out _));
        Assert.True(_connection.TryAdmit(out _));
    }

    [Fact]
    public void While_disconnected_one_call_per_interval_probes_the_cluster()
    {
        _lifetime.NotifyStarted();
        _connection.NotifyGatewayCountChanged(1, 0, connectionRecovered: false);
        _connection.NotifyClusterConnectionLost();
        _connection.NotifyGatewayCountChanged(0, 1, connectionRecovered: false);

        Assert.True(_connection.TryAdmit(out _));
        Assert.False(_connection.TryAdmit(out var reason));
        Assert.Contains("lost", reason, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(_connection.TryAdmit(out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_connection.TryAdmit(out _));
        Assert.False(_connection.TryAdmit(out _));

        _connection.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);
        Assert.True(_connection.TryAdmit(out _));
        Assert.True(_connection.TryAdmit(out _));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
