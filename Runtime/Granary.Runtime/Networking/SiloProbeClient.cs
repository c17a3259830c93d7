using System.Net;

namespace Granary.Networking;

/// <summary>
/// Direct liveness probes for membership: a Probe frame over the (shared) connection to the silo, answered by the
/// remote's connection itself with a ProbeResponse, so a probe measures the transport and the process, not grain load.
/// </summary>
internal sealed class SiloProbeClient
{
    private readonly ConnectionManager _connections;
    private readonly TimeSpan _timeout;

    public SiloProbeClient(ConnectionManager connections, NetworkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(options);
        _connections = connections;
        _timeout = options.ProbeTimeout;
    }

    /// <summary>
    /// True if the silo at <paramref name="endpoint"/> answered within <see cref="NetworkingOptions.ProbeTimeout"/>
    /// (connecting included); false if it refused, timed out or the connection broke. Throws only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public Task<bool> ProbeAsync(EndPoint endpoint, CancellationToken cancellationToken) => ProbeAsync(endpoint, null, cancellationToken);

    /// <summary>
    /// As <see cref="ProbeAsync(EndPoint, CancellationToken)"/>, but a node answering with another identity than
    /// <paramref name="expectedIdentity"/> (a restarted silo of a later generation on the same endpoint) counts as failed.
    /// </summary>
    public async Task<bool> ProbeAsync(EndPoint endpoint, string? expectedIdentity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            var connection = await _connections.GetConnectionAsync(endpoint, timeout.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(expectedIdentity) && !string.Equals(connection.RemoteIdentity, expectedIdentity, StringComparison.Ordinal))
            {
                return false;
            }

            return await connection.ProbeAsync(_timeout, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is GranaryException or TimeoutException)
        {
            return false;
        }
    }
}
