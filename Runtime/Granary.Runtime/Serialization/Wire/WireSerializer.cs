using System.Buffers;
using Granary.Invocation;
using Granary.Metadata;

namespace Granary.Serialization.Wire;

/// <summary>
/// Serializes values, requests and responses in the tagged wire format (WireFormat.md). Every message starts
/// with the format version byte and is one object: its fields, then EndObject. Thread-safe; writers and readers
/// are pooled, so serializing a request allocates nothing beyond the output buffer.
/// </summary>
internal sealed class WireSerializer
{
    /// <summary>The first byte of every message. A reader rejects versions it does not know.</summary>
    public const byte FormatVersion = 1;

    private const uint ValueField = 0;
    private const uint InterfaceIdField = 0;
    private const uint MethodIdField = 1;
    private const uint ArgumentsField = 2;

    private readonly WireCodecRegistry _registry;
    private readonly GranaryManifest _manifest;
    private readonly WireWriter?[] _writers = new WireWriter?[4];
    private readonly WireReader?[] _readers = new WireReader?[4];

    public WireSerializer(GranaryManifest manifest, IGrainReferenceActivator? grainReferenceActivator)
        : this(new WireCodecRegistry(manifest, grainReferenceActivator), manifest)
    {
    }

    public WireSerializer(WireCodecRegistry registry, GranaryManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(manifest);
        _registry = registry;
        _manifest = manifest;
    }

    /// <summary>Throws <see cref="CodecNotFoundException"/> when values of <paramref name="type"/> cannot be serialized.</summary>
    public void EnsureSerializable(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_registry.CanSerialize(type))
        {
            throw new CodecNotFoundException(type);
        }
    }

    public void Serialize<T>(T value, IBufferWriter<byte> output)
    {
        var writer = RentWriter(output);
        try
        {
            writer.WriteField(ValueField, value);
            writer.WriteEndObject(0);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    public T Deserialize<T>(ReadOnlySequence<byte> input)
    {
        var reader = RentReader(input);
        try
        {
            var value = default(T)!;
            while (true)
            {
                var field = reader.ReadFieldHeader();
                if (field.IsEndObject)
                {
                    return value;
                }

                if (field.Id == ValueField)
                {
                    value = reader.ReadField<T>(field);
                }
                else
                {
                    reader.SkipField(field);
                }
            }
        }
        catch (Exception exception) when (IsDecodingFailure(exception))
        {
            throw Malformed(exception);
        }
        finally
        {
            Return(reader);
        }
    }

    public T Deserialize<T>(ReadOnlyMemory<byte> input) => Deserialize<T>(new ReadOnlySequence<byte>(input));

    /// <summary>
    /// Writes a call: field 0 the interface id (Fixed32), field 1 the method id (Fixed32), field 2 an object
    /// holding the arguments (field id = parameter index). Only generated requests can be serialized.
    /// </summary>
    public void SerializeRequest(GrainRequest request, IBufferWriter<byte> output)
    {
        var serializable = AsSerializable(request);
        var writer = RentWriter(output);
        try
        {
            writer.WriteHeader(InterfaceIdField, WireType.Fixed32);
            writer.WriteFixed32(serializable.InterfaceId);
            writer.WriteHeader(MethodIdField, WireType.Fixed32);
            writer.WriteFixed32(serializable.MethodId);
            var token = writer.WriteStartObject(ArgumentsField, null);
            serializable.WriteArguments(writer);
            writer.WriteEndObject(token);
            writer.WriteEndObject(0);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>
    /// Reads a call written by <see cref="SerializeRequest"/>: creates the request registered for its (interface id,
    /// method id) and fills its arguments. The caller invokes it on the grain and then writes its response.
    /// </summary>
    public GrainRequest DeserializeRequest(ReadOnlySequence<byte> input)
    {
        var reader = RentReader(input);
        try
        {
            uint? interfaceId = null;
            uint? methodId = null;
            GrainRequest? request = null;
            while (true)
            {
                var field = reader.ReadFieldHeader();
                if (field.IsEndObject)
                {
                    break;
                }

                switch (field.Id)
                {
                    case InterfaceIdField:
                        WireReader.Expect(field, WireType.Fixed32);
                        interfaceId = reader.ReadFixed32();
                        break;
                    case MethodIdField:
                        WireReader.Expect(field, WireType.Fixed32);
                        methodId = reader.ReadFixed32();
                        break;
                    case ArgumentsField when interfaceId is { } i && methodId is { } m && request is null:
                        WireReader.Expect(field, WireType.StartObject);
                        request = CreateRequest(i, m);
                        var token = reader.EnterObject();
                        ((ISerializableRequest)request).ReadArguments(reader);
                        reader.ExitObject(token);
                        break;
                    default:
                        reader.SkipField(field);
                        break;
                }
            }

            return request ?? throw new WireFormatException("A request message has no interface id, method id or arguments.");
        }
        catch (Exception exception) when (IsDecodingFailure(exception))
        {
            throw Malformed(exception);
        }
        finally
        {
            Return(reader);
        }
    }

    /// <summary>Creates the empty request registered for (interface id, method id), e.g. when ids travel in a message header.</summary>
    public GrainRequest CreateRequest(uint interfaceId, uint methodId) =>
        _manifest.RequestFactories.TryGetValue((interfaceId, methodId), out var factory)
            ? factory()
            : throw new WireFormatException($"No grain method with wire id ({interfaceId:x8}, {methodId:x8}).");

    /// <summary>Writes the outcome of a completed request (after <see cref="GrainRequest.SignalOutcome"/>): its result or exception.</summary>
    public void SerializeResponse(GrainRequest request, IBufferWriter<byte> output)
    {
        var serializable = AsSerializable(request);
        var writer = RentWriter(output);
        try
        {
            serializable.WriteResponse(writer);
            writer.WriteEndObject(0);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>Writes a failed outcome for a call that never reached a grain (e.g. the silo could not activate it).</summary>
    public void SerializeExceptionResponse(Exception exception, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var writer = RentWriter(output);
        try
        {
            writer.WriteField(WireResponse.ExceptionField, exception);
            writer.WriteEndObject(0);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>
    /// Reads a response and completes the caller's <paramref name="request"/> with its result or exception. A malformed
    /// response throws <see cref="WireFormatException"/> and leaves the request incomplete (the caller should fail it).
    /// </summary>
    public void DeserializeResponse(GrainRequest request, ReadOnlySequence<byte> input)
    {
        var serializable = AsSerializable(request);
        var reader = RentReader(input);
        try
        {
            serializable.ReadResponse(reader);
        }
        catch (Exception exception) when (IsDecodingFailure(exception))
        {
            throw Malformed(exception);
        }
        finally
        {
            Return(reader);
        }
    }

    private static ISerializableRequest AsSerializable(GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request as ISerializableRequest
            ?? throw new ArgumentException($"{request} is not a generated request and cannot be serialized.", nameof(request));
    }

    // Codecs validate what they can; anything a framework constructor or conversion rejects is also malformed input.
    private static bool IsDecodingFailure(Exception exception) =>
        exception is (CodecNotFoundException or ArgumentException or FormatException or OverflowException or InvalidCastException
            or IndexOutOfRangeException or NotSupportedException or System.Text.DecoderFallbackException);

    private static WireFormatException Malformed(Exception exception) =>
        new($"Malformed message: {exception.Message}", exception);

    private WireWriter RentWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = Rent(_writers) ?? new WireWriter(_registry);
        writer.Reset(output);
        writer.WriteRaw([FormatVersion]);
        return writer;
    }

    private WireReader RentReader(ReadOnlySequence<byte> input)
    {
        var reader = Rent(_readers) ?? new WireReader(_registry);
        reader.Reset(input);
        if (reader.Remaining == 0)
        {
            Return(reader);
            throw new WireFormatException("Empty message.");
        }

        var version = reader.ReadSpan(1)[0];
        if (version != FormatVersion)
        {
            Return(reader);
            throw new WireFormatException($"Unsupported wire format version {version}.");
        }

        return reader;
    }

    private void Return(WireWriter writer)
    {
        writer.Release();
        Park(_writers, writer);
    }

    private void Return(WireReader reader)
    {
        reader.Release();
        Park(_readers, reader);
    }

    private static T? Rent<T>(T?[] pool)
        where T : class
    {
        for (var i = 0; i < pool.Length; i++)
        {
            if (Volatile.Read(ref pool[i]) is not null && Interlocked.Exchange(ref pool[i], null) is { } item)
            {
                return item;
            }
        }

        return null;
    }

    private static void Park<T>(T?[] pool, T item)
        where T : class
    {
        for (var i = 0; i < pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref pool[i], item, null) is null)
            {
                return;
            }
        }
    }
}
