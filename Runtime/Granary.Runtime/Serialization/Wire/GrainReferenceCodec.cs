using Granary.Invocation;

namespace Granary.Serialization.Wire;

/// <summary>
/// A grain reference: field 0 its grain id, field 1 its interface's wire id (Fixed32: the hash of its [Alias]
/// or full name). On read the proxy is re-created by the runtime's <see cref="IGrainReferenceActivator"/>.
/// </summary>
internal sealed class GrainReferenceCodec(WireCodecRegistry registry) : IWireCodec<GrainReference>
{
    public void Write(WireWriter writer, uint fieldId, GrainReference value)
    {
        var token = writer.WriteStartObject(fieldId, value);
        writer.WriteField(0, value.GrainId);
        writer.WriteHeader(1, WireType.Fixed32);
        writer.WriteFixed32(registry.GetInterfaceId(value.InterfaceType));
        writer.WriteEndObject(token);
    }

    public GrainReference Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.StartObject);
        var token = reader.EnterObject();
        GrainId grainId = default;
        uint? interfaceId = null;
        while (true)
        {
            var header = reader.ReadFieldHeader();
            if (header.IsEndObject)
            {
                break;
            }

            switch (header.Id)
            {
                case 0:
                    grainId = reader.ReadField<GrainId>(header);
                    break;
                case 1:
                    WireReader.Expect(header, WireType.Fixed32);
                    interfaceId = reader.ReadFixed32();
                    break;
                default:
                    reader.SkipField(header);
                    break;
            }
        }

        reader.ExitObject(token);
        if (grainId.IsDefault || interfaceId is null)
        {
            throw new WireFormatException("A grain reference needs a grain id and an interface id.");
        }

        var interfaceType = registry.GetInterface(interfaceId.Value)
            ?? throw new WireFormatException($"Unknown grain interface id {interfaceId.Value:x8}.");
        var activator = registry.GrainReferenceActivator
            ?? throw new InvalidOperationException("Grain references cannot be read: the serializer has no IGrainReferenceActivator.");
        var reference = activator.CreateReference(grainId, interfaceType);
        reader.RecordObject(field, reference);
        return reference;
    }
}

/// <summary>Re-creates proxies from the manifest's proxy factories, bound to one runtime (a silo's or a client's).</summary>
internal sealed class ManifestGrainReferenceActivator(Metadata.GranaryManifest manifest, IGrainReferenceRuntime runtime) : IGrainReferenceActivator
{
    public GrainReference CreateReference(GrainId grainId, Type interfaceType) =>
        manifest.Interfaces.TryGetValue(interfaceType, out var factory)
            ? factory(runtime, grainId)
            : throw new WireFormatException($"No proxy for grain interface '{interfaceType}'.");
}
