using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Granary.Membership;

/// <summary>
/// One run of one silo: its IP endpoint plus a generation chosen at start. A silo that restarts on the same
/// endpoint gets a higher generation, so it is a different silo: the old one, once declared dead, stays dead.
/// Formats as <c>host:port@generation</c> (an IPv6 host keeps its colons; the port follows the last one).
/// </summary>
public sealed class SiloAddress : IEquatable<SiloAddress>, IComparable<SiloAddress>
{
    public SiloAddress(string host, int port, long generation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (host.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException("A silo host may not contain '@'.", nameof(host));
        }

        Host = host;
        Port = port;
        Generation = generation;
    }

    /// <summary>The IP address (or resolvable name) other silos connect to.</summary>
    public string Host { get; }

    /// <summary>The silo-to-silo port.</summary>
    public int Port { get; }

    /// <summary>Chosen once per start and larger on every restart; see <see cref="NewGeneration"/>.</summary>
    public long Generation { get; }

    /// <summary>A generation for a silo starting now: the UTC clock in ticks, so a restart always gets a larger one.</summary>
    public static long NewGeneration(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return timeProvider.GetUtcNow().UtcTicks;
    }

    /// <summary>Whether <paramref name="other"/> is another run (any generation) on the same endpoint.</summary>
    public bool IsSameEndpoint(SiloAddress other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Port == other.Port && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);
    }

    public static SiloAddress Parse(string value) =>
        TryParse(value, out var address)
            ? address
            : throw new FormatException($"'{value}' is not a silo address of the form host:port@generation.");

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out SiloAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        if (at <= 0)
        {
            return false;
        }

        var colon = value.LastIndexOf(':', at - 1);
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535
            || !long.TryParse(value.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        var host = value[..colon];
        if (string.IsNullOrWhiteSpace(host))
        {
            return false;
        }

        address = new SiloAddress(host, port, generation);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    public bool Equals(SiloAddress? other) =>
        other is not null
        && Port == other.Port
        && Generation == other.Generation
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as SiloAddress);

    public override int GetHashCode() => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Host), Port, Generation);

    /// <summary>Orders by host, port, then generation: a stable order every silo agrees on.</summary>
    public int CompareTo(SiloAddress? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byHost = string.Compare(Host, other.Host, StringComparison.OrdinalIgnoreCase);
        if (byHost != 0)
        {
            return byHost;
        }

        return Port != other.Port ? Port.CompareTo(other.Port) : Generation.CompareTo(other.Generation);
    }

    public static bool operator ==(SiloAddress? left, SiloAddress? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SiloAddress? left, SiloAddress? right) => !(left == right);
}
