using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Granary.Serialization;

/// <summary>
/// Writes one message in the tagged wire format (see WireFormat.md) to an <see cref="IBufferWriter{T}"/>.
/// Holds the per-message state: the field id scope, the objects already written (for back-references)
/// and the type names already written. Instances are pooled by the serializer; call <see cref="Flush"/>
/// before the output is read.
/// </summary>
public sealed class WireWriter
{
    private const int MinimumBufferSize = 256;

    private readonly IWireSession _session;
    private IBufferWriter<byte>? _output;
    private Memory<byte> _buffer;
    private int _position;
    private uint _lastFieldId;
    private int _objectCount;
    private Dictionary<object, int>? _objects;
    private Dictionary<Type, int>? _typeNames;

    internal WireWriter(IWireSession session)
    {
        _session = session;
    }

    internal void Reset(IBufferWriter<byte> output)
    {
        _output = output;
        _buffer = default;
        _position = 0;
        _lastFieldId = 0;
        _objectCount = 0;
        _objects?.Clear();
        _typeNames?.Clear();
    }

    /// <summary>Drops references to the output and written objects so a pooled writer keeps nothing alive.</summary>
    internal void Release()
    {
        _output = null;
        _buffer = default;
        if (_objects is { Count: > 0 })
        {
            _objects.Clear();
        }
    }

    /// <summary>Commits buffered bytes to the output.</summary>
    public void Flush()
    {
        if (_position > 0)
        {
            _output!.Advance(_position);
            _position = 0;
        }

        _buffer = default;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as field <paramref name="fieldId"/> of the current object: null, a
    /// back-reference to an object already written, the value through the codec of <typeparamref name="T"/>,
    /// or a typed object when its runtime type is not <typeparamref name="T"/>. Field ids within one object must
    /// not decrease.
    /// </summary>
    public void WriteField<T>(uint fieldId, T value)
    {
        // Value types go straight to their codec (Nullable's codec writes null itself), so no struct is ever boxed.
        if (typeof(T).IsValueType)
        {
            _session.GetCodec<T>().Write(this, fieldId, value);
            return;
        }

        if (value is null)
        {
            WriteHeader(fieldId, WireType.Null);
            return;
        }

        if (_objects is not null && value is not string && _objects.TryGetValue(value, out var ordinal))
        {
            WriteHeader(fieldId, WireType.Reference);
            WriteVarUInt32((uint)ordinal);
            return;
        }

        var runtimeType = value.GetType();
        if (runtimeType == typeof(T))
        {
            _session.GetCodec<T>().Write(this, fieldId, value);
            return;
        }

        WriteHeader(fieldId, WireType.TypedObject);
        WriteType(_session.GetWireType(runtimeType));
        _session.GetUntypedCodec(runtimeType).Write(this, fieldId, value);
    }

    /// <summary>Writes a field header: the delta from the previous field id in this object, and the wire type.</summary>
    public void WriteHeader(uint fieldId, WireType wireType)
    {
        if (fieldId < _lastFieldId)
        {
            throw new InvalidOperationException($"Field {fieldId} written after field {_lastFieldId}; field ids must not decrease.");
        }

        var delta = fieldId - _lastFieldId;
        _lastFieldId = fieldId;
        WriteVarUInt64(((ulong)delta << 4) | (byte)wireType);
    }

    /// <summary>
    /// Starts a nested object as field <paramref name="fieldId"/>. A reference-type instance passed as
    /// <paramref name="instance"/> can be referred to by later fields. Returns the token for <see cref="WriteEndObject"/>.
    /// </summary>
    public uint WriteStartObject(uint fieldId, object? instance)
    {
        WriteHeader(fieldId, WireType.StartObject);
        if (instance is not null)
        {
            (_objects ??= new Dictionary<object, int>(ReferenceEqualityComparer.Instance))[instance] = _objectCount;
        }

        _objectCount++;
        var saved = _lastFieldId;
        _lastFieldId = 0;
        return saved;
    }

    public void WriteEndObject(uint token)
    {
        WriteHeader(_lastFieldId, WireType.EndObject);
        _lastFieldId = token;
    }

    public void WriteVarUInt32(uint value) => WriteVarUInt64(value);

    public void WriteVarUInt64(ulong value)
    {
        var span = Reserve(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _position += i;
    }

    /// <summary>Zig-zag encoded, so small negative numbers stay short.</summary>
    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
        _position += 8;
    }

    /// <summary>Writes a varint length, then <paramref name="bytes"/>.</summary>
    public void WriteLengthPrefixed(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt32((uint)bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>Writes a varint byte count, then the UTF-8 bytes of <paramref name="value"/>.</summary>
    public void WriteStringPayload(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 127)
        {
            // Short strings: reserve the worst case, write the bytes after a one-byte length.
            var span = Reserve(max + 1);
            var written = Encoding.UTF8.GetBytes(value, span[1..]);
            span[0] = (byte)written;
            _position += written + 1;
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)length);
        var target = Reserve(length);
        Encoding.UTF8.GetBytes(value, target);
        _position += length;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= MinimumBufferSize * 16)
        {
            bytes.CopyTo(Reserve(bytes.Length));
            _position += bytes.Length;
            return;
        }

        // Large payloads go straight to the output in chunks it chooses.
        Flush();
        while (!bytes.IsEmpty)
        {
            var target = _output!.GetSpan(1);
            var count = Math.Min(target.Length, bytes.Length);
            bytes[..count].CopyTo(target);
            _output.Advance(count);
            bytes = bytes[count..];
        }
    }

    /// <summary>
    /// Writes a type reference: a built-in id, a name (first use in this message), an index into the names
    /// already written, or a generic construction (definition and arguments; arrays are Array of the element type).
    /// </summary>
    public void WriteType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_session.TryGetBuiltInTypeId(type, out var id))
        {
            WriteVarUInt64((ulong)id << 2);
            return;
        }

        if (type.IsSZArray)
        {
            WriteVarUInt64((1UL << 2) | 3);
            WriteType(typeof(Array));
            WriteType(type.GetElementType()!);
            return;
        }

        if (type.IsConstructedGenericType)
        {
            var arguments = type.GenericTypeArguments;
            WriteVarUInt64(((ulong)arguments.Length << 2) | 3);
            WriteType(type.GetGenericTypeDefinition());
            foreach (var argument in arguments)
            {
                WriteType(argument);
            }

            return;
        }

        _typeNames ??= [];
        if (_typeNames.TryGetValue(type, out var index))
        {
            WriteVarUInt64(((ulong)index << 2) | 2);
            return;
        }

        _typeNames[type] = _typeNames.Count;
        WriteVarUInt64(1);
        WriteStringPayload(_session.GetTypeName(type));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }

        return _buffer.Span[_position..];
    }

    private void Grow(int count)
    {
        if (_output is null)
        {
            throw new InvalidOperationException("The writer has no output.");
        }

        Flush();
        _buffer = _output.GetMemory(Math.Max(count, MinimumBufferSize));
    }
}
