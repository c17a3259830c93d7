using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Granary.Activation;
using Granary.Streams;

namespace Granary.Streaming.PubSub;

/// <summary>
/// Which grain classes subscribe implicitly to which stream namespaces, read once from their
/// <see cref="ImplicitStreamSubscriptionAttribute"/>s. An implicit subscription's id is derived from the grain
/// type and the stream, so every silo and every activation agrees on it without storing anything.
/// </summary>
internal sealed class ImplicitSubscriptionTable
{
    private readonly Dictionary<string, GrainType[]> _byNamespace;
    private readonly Dictionary<GrainType, HashSet<string>> _byGrainType;

    public ImplicitSubscriptionTable(GrainTypeRegistry registry)
        : this(registry.GrainClasses.Select(c => (c.GrainType, c.ClassType)))
    {
    }

    public ImplicitSubscriptionTable(IEnumerable<(GrainType GrainType, Type ClassType)> grainClasses)
    {
        ArgumentNullException.ThrowIfNull(grainClasses);
        _byGrainType = [];
        foreach (var (grainType, classType) in grainClasses)
        {
            foreach (var attribute in classType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>(inherit: false))
            {
                if (!_byGrainType.TryGetValue(grainType, out var namespaces))
                {
                    _byGrainType[grainType] = namespaces = new HashSet<string>(StringComparer.Ordinal);
                }

                namespaces.Add(attribute.Namespace);
            }
        }

        _byNamespace = _byGrainType
            .SelectMany(pair => pair.Value.Select(ns => (Namespace: ns, GrainType: pair.Key)))
            .GroupBy(x => x.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.GrainType).OrderBy(t => t.Value, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The implicit subscriptions of <paramref name="streamId"/> in <paramref name="provider"/>: one per subscribing grain type, keyed by the stream's key.</summary>
    public IEnumerable<StreamSubscriptionEntry> GetSubscriptions(string provider, StreamId streamId)
    {
        if (!_byNamespace.TryGetValue(streamId.Namespace, out var grainTypes))
        {
            yield break;
        }

        foreach (var grainType in grainTypes)
        {
            yield return new StreamSubscriptionEntry(SubscriptionId(provider, grainType, streamId), GrainId.Create(grainType, streamId.Key));
        }
    }

    /// <summary>Whether grains of <paramref name="grainType"/> subscribe implicitly to <paramref name="streamNamespace"/>.</summary>
    public bool IsSubscribed(GrainType grainType, string streamNamespace) =>
        _byGrainType.TryGetValue(grainType, out var namespaces) && namespaces.Contains(streamNamespace);

    /// <summary>
    /// A stable id for the implicit subscription of <paramref name="grainType"/> to <paramref name="streamId"/> in
    /// <paramref name="provider"/> (one per provider, so a grain subscribed through two providers tells them apart).
    /// </summary>
    public static Guid SubscriptionId(string provider, GrainType grainType, StreamId streamId)
    {
        // A name-based id: the same inputs give the same Guid in every process.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"implicit\n{provider}\n{grainType}\n{streamId.Namespace}\n{streamId.Key}"), hash);
        hash[7] = (byte)((hash[7] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
