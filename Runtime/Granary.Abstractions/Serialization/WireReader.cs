using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Granary.Serialization;

/// <summary>
/// Reads one message in the tagged wire format. Every read is bounds-checked: malformed input raises
/// <see cref="WireFormatException"/>, and counts and lengths are capped by the bytes that remain, so corrupt
/// input cannot make it allocate more than the message's size.
/// </summary>
public sealed class WireReader
{
    /// <summary>Nesting deeper than this is treated as malformed, so hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 512;

    private readonly IWireSession _session;
    private ReadOnlyMemory<byte> _data;
    private int _position;
    private uint _lastFieldId;
    private int _depth;
    private int _objectCount;
    private List<object?>? _objects;
    private List<TypeEntry>? _typeNames;

    internal WireReader(IWireSession session)
    {
        _session = session;
    }

    internal void Reset(ReadOnlySequence<byte> input)
    {
        // A multi-segment sequence is copied once so every read works on one span.
        _data = input.IsSingleSegment ? input.First : input.ToArray();
        _position = 0;
        _lastFieldId = 0;
        _depth = 0;
        _objectCount = 0;
        _objects?.Clear();
        _typeNames?.Clear();
    }

    internal void Release()
    {
        _data = default;
        _objects?.Clear();
    }

    /// <summary>Bytes left in the message.</summary>
    public int Remaining => _data.Length - _position;

    internal IWireSession Session => _session;

    public WireFieldHeader ReadFieldHeader()
    {
        var raw = ReadVarUInt64();
        var wireType = (WireType)(raw & 0xF);
        if (wireType > WireType.TypedObject)
        {
            throw new WireFormatException($"Unknown wire type {(int)wireType} at offset {_position}.");
        }

        var delta = raw >> 4;
        if (delta > uint.MaxValue - _lastFieldId)
        {
            throw new WireFormatException("Field id out of range.");
        }

        _lastFieldId += (uint)delta;
        var ordinal = -1;
        if (wireType == WireType.StartObject)
        {
            ordinal = _objectCount++;
        }

        return new WireFieldHeader(_lastFieldId, wireType, ordinal);
    }

    /// <summary>
    /// Reads the value of the field whose header was just read, as <typeparamref name="T"/>: null, a back-reference,
    /// a typed object (resolved by its type id) or a value of <typeparamref name="T"/> itself.
    /// </summary>
    public T ReadField<T>(WireFieldHeader field)
    {
        switch (field.WireType)
        {
            case WireType.Null:
                return default!;
            case WireType.Reference:
                return CastOrThrow<T>(ReadReference());
            case WireType.TypedObject:
                var type = ReadType();
                var inner = ReadFieldHeader();
                if (inner.WireType is WireType.TypedObject or WireType.EndObject)
                {
                    throw new WireFormatException($"A typed object cannot hold a {inner.WireType} field.");
                }

                if (type == typeof(T) && typeof(T).IsValueType)
                {
                    return _session.GetCodec<T>().Read(this, inner);
                }

                if (inner.WireType is WireType.Null)
                {
                    return default!;
                }

                return CastOrThrow<T>(ResolveCodec(type).Read(this, inner));
            case WireType.EndObject:
                throw new WireFormatException("Unexpected end of object.");
            default:
                return ResolveTypedCodec<T>().Read(this, field);
        }
    }

    /// <summary>Skips a field this version does not know, including any nested objects and type names it holds.</summary>
    public void SkipField(WireFieldHeader field)
    {
        switch (field.WireType)
        {
            case WireType.VarInt:
            case WireType.Reference:
                ReadVarUInt64();
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.LengthPrefixed:
                Advance(ReadLength());
                break;
            case WireType.StartObject:
                var token = EnterObject();
                while (true)
                {
                    var nested = ReadFieldHeader();
                    if (nested.IsEndObject)
                    {
                        break;
                    }

                    SkipField(nested);
                }

                ExitObject(token);
                break;
            case WireType.Null:
                break;
            case WireType.TypedObject:
                ReadTypeEntry(resolve: false);
                var inner = ReadFieldHeader();
                if (inner.WireType is WireType.TypedObject or WireType.EndObject)
                {
                    throw new WireFormatException($"A typed object cannot hold a {inner.WireType} field.");
                }

                SkipField(inner);
                break;
            default:
                throw new WireFormatException("Unexpected end of object.");
        }
    }

    /// <summary>Enters the object whose StartObject header was just read; returns the token for <see cref="ExitObject"/>.</summary>
    public uint EnterObject()
    {
        if (++_depth > MaxDepth)
        {
            throw new WireFormatException($"Objects nested deeper than {MaxDepth}.");
        }

        var saved = _lastFieldId;
        _lastFieldId = 0;
        return saved;
    }

    public void ExitObject(uint token)
    {
        _depth--;
        _lastFieldId = token;
    }

    /// <summary>Skips every remaining field of the current object, including its EndObject.</summary>
    public void SkipToEndOfObject()
    {
        while (true)
        {
            var field = ReadFieldHeader();
            if (field.IsEndObject)
            {
                return;
            }

            SkipField(field);
        }
    }

    /// <summary>Registers the instance being read for <paramref name="field"/> (a StartObject), before its members are read, so cycles resolve.</summary>
    public void RecordObject(WireFieldHeader field, object instance)
    {
        if (field.ObjectOrdinal < 0)
        {
            return;
        }

        _objects ??= [];
        while (_objects.Count <= field.ObjectOrdinal)
        {
            _objects.Add(null);
        }

        _objects[field.ObjectOrdinal] = instance;
    }

    public static void Expect(WireFieldHeader field, WireType expected)
    {
        if (field.WireType != expected)
        {
            throw new WireFormatException($"Expected {expected} for field {field.Id}, found {field.WireType}.");
        }
    }

    public ulong ReadVarUInt64()
    {
        var span = _data.Span;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw Truncated();
            }

            var b = span[_position++];
            if (shift == 63 && b > 1)
            {
                throw new WireFormatException("Varint longer than 64 bits.");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new WireFormatException("Varint longer than 64 bits.");
    }

    public uint ReadVarUInt32()
    {
        var value = ReadVarUInt64();
        return value <= uint.MaxValue ? (uint)value : throw new WireFormatException("Varint out of range for 32 bits.");
    }

    public long ReadVarInt64()
    {
        var raw = ReadVarUInt64();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    /// <summary>A varint length that is checked against the bytes that remain.</summary>
    public int ReadLength()
    {
        var length = ReadVarUInt64();
        return length <= (ulong)Remaining ? (int)length : throw new WireFormatException($"Length {length} exceeds the {Remaining} bytes left.");
    }

    /// <summary>
    /// A varint element count, capped by the bytes left: every element takes at least one byte, so a count larger
    /// than that is corrupt and never drives an allocation.
    /// </summary>
    public int ReadCount()
    {
        var count = ReadVarUInt64();
        return count <= (ulong)Remaining ? (int)count : throw new WireFormatException($"Count {count} exceeds the {Remaining} bytes left.");
    }

    /// <summary>The payload of a LengthPrefixed field (valid until the reader is reset).</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed() => ReadSpan(ReadLength());

    public string ReadStringPayload()
    {
        var bytes = ReadLengthPrefixed();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new WireFormatException("Invalid UTF-8 in a string.", exception);
        }
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Truncated();
        }

        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Reads a type reference written by <see cref="WireWriter.WriteType"/> and resolves it.</summary>
    public Type ReadType() => ReadTypeEntry(resolve: true)!;

    private Type? ReadTypeEntry(bool resolve, int depth = 0)
    {
        if (depth > 16)
        {
            throw new WireFormatException("Type reference nested too deeply.");
        }

        var raw = ReadVarUInt64();
        var payload = raw >> 2;
        switch (raw & 3)
        {
            case 0:
                return _session.GetBuiltInType(payload > uint.MaxValue ? uint.MaxValue : (uint)payload)
                    ?? throw new WireFormatException($"Unknown built-in type id {payload}.");
            case 1:
                var name = ReadStringPayload();
                var entry = new TypeEntry(name);
                (_typeNames ??= []).Add(entry);
                return resolve ? entry.Resolve(_session) : null;
            case 2:
                if (_typeNames is null || payload >= (ulong)_typeNames.Count)
                {
                    throw new WireFormatException($"Type table index {payload} was never defined.");
                }

                return resolve ? _typeNames[(int)payload].Resolve(_session) : null;
            default:
                if (payload is 0 or > 8)
                {
                    throw new WireFormatException($"Generic type with {payload} arguments.");
                }

                var definition = ReadTypeEntry(resolve, depth + 1);
                var arguments = resolve ? new Type[payload] : null;
                for (var i = 0; i < (int)payload; i++)
                {
                    var argument = ReadTypeEntry(resolve, depth + 1);
                    if (arguments is not null)
                    {
                        arguments[i] = argument!;
                    }
                }

                return resolve ? Construct(definition!, arguments!) : null;
        }
    }

    private static Type Construct(Type definition, Type[] arguments)
    {
        if (definition == typeof(Array))
        {
            return arguments.Length == 1 && !arguments[0].IsByRefLike && arguments[0] != typeof(void)
                ? arguments[0].MakeArrayType()
                : throw new WireFormatException("Malformed array type.");
        }

        if (!definition.IsGenericTypeDefinition || definition.GetGenericArguments().Length != arguments.Length)
        {
            throw new WireFormatException($"'{definition}' is not a generic type of {arguments.Length} arguments.");
        }

        try
        {
            return definition.MakeGenericType(arguments);
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException($"'{definition}' cannot be constructed from the types on the wire.", exception);
        }
    }

    private object ReadReference()
    {
        var ordinal = ReadVarUInt64();
        if (_objects is null || ordinal >= (ulong)_objects.Count || _objects[(int)ordinal] is not { } target)
        {
            throw new WireFormatException($"Reference to object {ordinal}, which was not read (it may be in a skipped field).");
        }

        return target;
    }

    private IUntypedWireCodec ResolveCodec(Type type)
    {
        try
        {
            return _session.GetUntypedCodec(type);
        }
        catch (CodecNotFoundException exception)
        {
            throw new WireFormatException($"No codec for type '{type}' read from the wire.", exception);
        }
    }

    private IWireCodec<T> ResolveTypedCodec<T>()
    {
        try
        {
            return _session.GetCodec<T>();
        }
        catch (CodecNotFoundException exception)
        {
            throw new WireFormatException($"No codec for type '{typeof(T)}' read from the wire.", exception);
        }
    }

    private static T CastOrThrow<T>(object value) =>
        value is T typed ? typed : throw new WireFormatException($"A '{value.GetType()}' was found where a '{typeof(T)}' was expected.");

    private void Advance(int count) => ReadSpan(count);

    private static WireFormatException Truncated() => new("The message ends before the value does.");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private sealed class TypeEntry(string name)
    {
        private Type? _type;

        public Type Resolve(IWireSession session) =>
            _type ??= session.ResolveTypeName(name) ?? throw new WireFormatException($"Unknown type '{name}'.");
    }
}
