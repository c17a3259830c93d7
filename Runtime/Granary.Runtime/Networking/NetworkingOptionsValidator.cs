using System.Net;
using Microsoft.Extensions.Options;

namespace Granary.Networking;

internal sealed class NetworkingOptionsValidator : IValidateOptions<NetworkingOptions>
{
    /// <summary>Smallest frame limit that still fits a handshake with long identities.</summary>
    public const int MinFrameSize = 1024;

    public ValidateOptionsResult Validate(string? name, NetworkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = NetworkingOptions.SectionName;
        var failures = new List<string>();
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Section}:Port must be between 0 and {IPEndPoint.MaxPort} (was {options.Port}).");
        }

        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"{Section}:BindAddress must be an IP address (was '{options.BindAddress}').");
        }

        if (options.MaxFrameSize < MinFrameSize)
        {
            failures.Add($"{Section}:MaxFrameSize must be at least {MinFrameSize} bytes (was {options.MaxFrameSize}).");
        }

        if (options.ConnectionsPerPeer is < 1 or > 16)
        {
            failures.Add($"{Section}:ConnectionsPerPeer must be between 1 and 16 (was {options.ConnectionsPerPeer}).");
        }

        if (options.SendQueueCapacity < 1)
        {
            failures.Add($"{Section}:SendQueueCapacity must be positive (was {options.SendQueueCapacity}).");
        }

        if (options.SendBufferLimit < 4096)
        {
            failures.Add($"{Section}:SendBufferLimit must be at least 4096 bytes (was {options.SendBufferLimit}).");
        }

        Positive(failures, nameof(options.ConnectTimeout), options.ConnectTimeout);
        Positive(failures, nameof(options.ShutdownDrainTimeout), options.ShutdownDrainTimeout);
        Positive(failures, nameof(options.ReconnectBackoff), options.ReconnectBackoff);
        Positive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        if (options.MaxReconnectBackoff < options.ReconnectBackoff)
        {
            failures.Add($"{Section}:MaxReconnectBackoff must be at least ReconnectBackoff (was {options.MaxReconnectBackoff} < {options.ReconnectBackoff}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{NetworkingOptions.SectionName}:{setting} must be positive (was {value}).");
        }
    }
}
