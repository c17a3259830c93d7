using System.Buffers;
using Granary.Invocation;
using Granary.Metadata;
using Granary.Serialization;
using Granary.Serialization.Wire;

namespace Granary.Runtime.Tests.Serialization;

/// <summary>A serializer over this assembly's generated manifest, with grain references bound to a capturing runtime.</summary>
internal sealed class WireTestHarness
{
    public WireTestHarness()
    {
        Manifest = ManifestLoader.Load([typeof(WireTestHarness).Assembly]);
        Runtime = new CapturingRuntime();
        Serializer = new WireSerializer(Manifest, new ManifestGrainReferenceActivator(Manifest, Runtime));
        Copier = new DeepCopier(new CopierRegistry(Manifest));
    }

    public GranaryManifest Manifest { get; }

    public CapturingRuntime Runtime { get; }

    public WireSerializer Serializer { get; }

    public IDeepCopier Copier { get; }

    public byte[] Serialize<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serializer.Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public T Deserialize<T>(byte[] bytes) => Serializer.Deserialize<T>(new ReadOnlySequence<byte>(bytes));

    public T RoundTrip<T>(T value) => Deserialize<T>(Serialize(value));

    public TInterface Reference<TInterface>(string key)
        where TInterface : IGrain =>
        (TInterface)(object)Manifest.Interfaces[typeof(TInterface)](Runtime, GrainId.Create(new GrainType("wire"), key));

    /// <summary>Captures requests sent through proxies instead of delivering them.</summary>
    internal sealed class CapturingRuntime : IGrainReferenceRuntime
    {
        public List<GrainRequest> Sent { get; } = [];

        public void SendRequest(GrainReference target, GrainRequest request) => Sent.Add(request);
    }
}
