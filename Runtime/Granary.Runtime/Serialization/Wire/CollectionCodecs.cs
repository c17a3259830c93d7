using System.Collections.Immutable;

namespace Granary.Serialization.Wire;

// Collections are objects: field 0 holds the element count, then every element is field 1 (a one-byte
// header each). Dictionaries write key and value as consecutive field-1 values. The count comes first so the
// reader can size the collection; it is capped by the bytes left, so it cannot force a large allocation.

/// <summary>Reads the shared collection layout.</summary>
internal static class CollectionLayout
{
    public const uint CountField = 0;
    public const uint ElementField = 1;

    public static uint WriteStart(WireWriter writer, uint fieldId, object? instance, int count)
    {
        var token = writer.WriteStartObject(fieldId, instance);
        writer.WriteHeader(CountField, WireType.VarInt);
        writer.WriteVarUInt32((uint)count);
        return token;
    }

    /// <summary>Enters the object and reads its count field, which must come first.</summary>
    public static int ReadStart(WireReader reader, WireFieldHeader field, out uint token)
    {
        WireReader.Expect(field, WireType.StartObject);
        token = reader.EnterObject();
        var countField = reader.ReadFieldHeader();
        if (countField.Id != CountField || countField.WireType != WireType.VarInt)
        {
            throw new WireFormatException("A collection must start with its count.");
        }

        return reader.ReadCount();
    }

    /// <summary>The next element's header, or null at the end of the object; unknown fields are skipped.</summary>
    public static WireFieldHeader? NextElement(WireReader reader)
    {
        while (true)
        {
            var header = reader.ReadFieldHeader();
            if (header.IsEndObject)
            {
                return null;
            }

            if (header.Id == ElementField)
            {
                return header;
            }

            reader.SkipField(header);
        }
    }

    public static T ReadElement<T>(WireReader reader)
    {
        var header = NextElement(reader) ?? throw new WireFormatException("A collection has fewer elements than its count.");
        return reader.ReadField<T>(header);
    }

    public static void ReadEnd(WireReader reader, uint token)
    {
        if (NextElement(reader) is not null)
        {
            throw new WireFormatException("A collection has more elements than its count.");
        }

        reader.ExitObject(token);
    }
}

internal sealed class ArrayCodec<T> : IWireCodec<T[]>
{
    public void Write(WireWriter writer, uint fieldId, T[] value)
    {
        var token = CollectionLayout.WriteStart(writer, fieldId, value, value.Length);
        foreach (var item in value)
        {
            writer.WriteField(CollectionLayout.ElementField, item);
        }

        writer.WriteEndObject(token);
    }

    public T[] Read(WireReader reader, WireFieldHeader field)
    {
        var count = CollectionLayout.ReadStart(reader, field, out var token);
        var result = new T[count];
        reader.RecordObject(field, result);
        for (var i = 0; i < count; i++)
        {
            result[i] = CollectionLayout.ReadElement<T>(reader);
        }

        CollectionLayout.ReadEnd(reader, token);
        return result;
    }
}

/// <summary>
/// A growable collection written as its elements in order and read back by adding them one by one: the
/// layout every such collection shares, whatever its type.
/// </summary>
internal abstract class SequenceCodec<TCollection, T> : IWireCodec<TCollection>
    where TCollection : IReadOnlyCollection<T>
{
    public void Write(WireWriter writer, uint fieldId, TCollection value)
    {
        var token = CollectionLayout.WriteStart(writer, fieldId, value, value.Count);
        foreach (var item in value)
        {
            writer.WriteField(CollectionLayout.ElementField, item);
        }

        writer.WriteEndObject(token);
    }

    public TCollection Read(WireReader reader, WireFieldHeader field)
    {
        var count = CollectionLayout.ReadStart(reader, field, out var token);
        var result = Create(count);
        reader.RecordObject(field, result);
        for (var i = 0; i < count; i++)
        {
            Add(result, CollectionLayout.ReadElement<T>(reader));
        }

        CollectionLayout.ReadEnd(reader, token);
        return result;
    }

    protected abstract TCollection Create(int count);

    protected abstract void Add(TCollection collection, T item);
}

internal sealed class ListCodec<T> : SequenceCodec<List<T>, T>
{
    protected override List<T> Create(int count) => new(count);

    protected override void Add(List<T> collection, T item) => collection.Add(item);
}

internal sealed class HashSetCodec<T> : SequenceCodec<HashSet<T>, T>
{
    protected override HashSet<T> Create(int count) => new(count);

    protected override void Add(HashSet<T> collection, T item) => collection.Add(item);
}

internal sealed class QueueCodec<T> : SequenceCodec<Queue<T>, T>
{
    protected override Queue<T> Create(int count) => new(count);

    protected override void Add(Queue<T> collection, T item) => collection.Enqueue(item);
}

/// <summary>Entries as key, value pairs of field-1 values. The comparer is not sent: the reader uses the default.</summary>
internal sealed class DictionaryCodec<TKey, TValue> : IWireCodec<Dictionary<TKey, TValue>>
    where TKey : notnull
{
    public void Write(WireWriter writer, uint fieldId, Dictionary<TKey, TValue> value)
    {
        var token = CollectionLayout.WriteStart(writer, fieldId, value, value.Count);
        foreach (var (key, item) in value)
        {
            writer.WriteField(CollectionLayout.ElementField, key);
            writer.WriteField(CollectionLayout.ElementField, item);
        }

        writer.WriteEndObject(token);
    }

    public Dictionary<TKey, TValue> Read(WireReader reader, WireFieldHeader field)
    {
        var count = CollectionLayout.ReadStart(reader, field, out var token);
        var result = new Dictionary<TKey, TValue>(count);
        reader.RecordObject(field, result);
        for (var i = 0; i < count; i++)
        {
            var key = CollectionLayout.ReadElement<TKey>(reader);
            var item = CollectionLayout.ReadElement<TValue>(reader);
            if (key is null || !result.TryAdd(key, item))
            {
                throw new WireFormatException("A dictionary has a null or duplicate key.");
            }
        }

        CollectionLayout.ReadEnd(reader, token);
        return result;
    }
}

/// <summary>Immutable collections are built after their elements are read, so they are recorded afterwards (they cannot be cyclic).</summary>
internal sealed class ImmutableArrayCodec<T> : IWireCodec<ImmutableArray<T>>
{
    public void Write(WireWriter writer, uint fieldId, ImmutableArray<T> value)
    {
        if (value.IsDefault)
        {
            writer.WriteHeader(fieldId, WireType.Null);
            return;
        }

        var token = CollectionLayout.WriteStart(writer, fieldId, null, value.Length);
        foreach (var item in value)
        {
            writer.WriteField(CollectionLayout.ElementField, item);
        }

        writer.WriteEndObject(token);
    }

    public ImmutableArray<T> Read(WireReader reader, WireFieldHeader field)
    {
        var count = CollectionLayout.ReadStart(reader, field, out var token);
        var builder = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(CollectionLayout.ReadElement<T>(reader));
        }

        CollectionLayout.ReadEnd(reader, token);
        return builder.MoveToImmutable();
    }
}

internal sealed class ImmutableListCodec<T> : IWireCodec<ImmutableList<T>>
{
    public void Write(WireWriter writer, uint fieldId, ImmutableList<T> value)
    {
        var token = CollectionLayout.WriteStart(writer, fieldId, value, value.Count);
        foreach (var item in value)
        {
            writer.WriteField(CollectionLayout.ElementField, item);
        }

        writer.WriteEndObject(token);
    }

    public ImmutableList<T> Read(WireReader reader, WireFieldHeader field)
    {
        var count = CollectionLayout.ReadStart(reader, field, out var token);
        var builder = ImmutableList.CreateBuilder<T>();
        for (var i = 0; i < count; i++)
        {
            builder.Add(CollectionLayout.ReadElement<T>(reader));
        }

        CollectionLayout.ReadEnd(reader, token);
        var result = builder.ToImmutable();
        reader.RecordObject(field, result);
        return result;
    }
}

/// <summary>Nullable values: null is handled before the codec, so a value is written as the underlying type.</summary>
internal sealed class NullableCodec<T> : IWireCodec<T?>
    where T : struct
{
    public void Write(WireWriter writer, uint fieldId, T? value)
    {
        if (value.HasValue)
        {
            writer.WriteField(fieldId, value.GetValueOrDefault());
        }
        else
        {
            writer.WriteHeader(fieldId, WireType.Null);
        }
    }

    public T? Read(WireReader reader, WireFieldHeader field) => reader.ReadField<T>(field);
}

/// <summary>Immutable&lt;T&gt; is transparent on the wire: the wrapper only matters inside one process.</summary>
internal sealed class ImmutableWrapperCodec<T> : IWireCodec<Immutable<T>>
{
    public void Write(WireWriter writer, uint fieldId, Immutable<T> value) => writer.WriteField(fieldId, value.Value);

    public Immutable<T> Read(WireReader reader, WireFieldHeader field) => new(reader.ReadField<T>(field));
}

/// <summary>Small fixed-shape values (pairs, tuples): an object with one field per component, unknown fields skipped.</summary>
internal abstract class ComponentsCodec<T> : IWireCodec<T>
{
    public void Write(WireWriter writer, uint fieldId, T value)
    {
        var token = writer.WriteStartObject(fieldId, null);
        WriteComponents(writer, value);
        writer.WriteEndObject(token);
    }

    public T Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.StartObject);
        var token = reader.EnterObject();
        var value = default(T)!;
        while (true)
        {
            var header = reader.ReadFieldHeader();
            if (header.IsEndObject)
            {
                break;
            }

            if (!ReadComponent(reader, header, ref value))
            {
                reader.SkipField(header);
            }
        }

        reader.ExitObject(token);
        return value;
    }

    protected abstract void WriteComponents(WireWriter writer, T value);

    protected abstract bool ReadComponent(WireReader reader, WireFieldHeader header, ref T value);
}

internal sealed class KeyValuePairCodec<TKey, TValue> : ComponentsCodec<KeyValuePair<TKey, TValue>>
{
    protected override void WriteComponents(WireWriter writer, KeyValuePair<TKey, TValue> value)
    {
        writer.WriteField(0, value.Key);
        writer.WriteField(1, value.Value);
    }

    protected override bool ReadComponent(WireReader reader, WireFieldHeader header, ref KeyValuePair<TKey, TValue> value)
    {
        switch (header.Id)
        {
            case 0:
                value = new(reader.ReadField<TKey>(header), value.Value);
                return true;
            case 1:
                value = new(value.Key, reader.ReadField<TValue>(header));
                return true;
            default:
                return false;
        }
    }
}

internal sealed class ValueTupleCodec<T1, T2> : ComponentsCodec<ValueTuple<T1, T2>>
{
    protected override void WriteComponents(WireWriter writer, (T1, T2) value)
    {
        writer.WriteField(0, value.Item1);
        writer.WriteField(1, value.Item2);
    }

    protected override bool ReadComponent(WireReader reader, WireFieldHeader header, ref (T1, T2) value)
    {
        switch (header.Id)
        {
            case 0:
                value.Item1 = reader.ReadField<T1>(header);
                return true;
            case 1:
                value.Item2 = reader.ReadField<T2>(header);
                return true;
            default:
                return false;
        }
    }
}

internal sealed class ValueTupleCodec<T1, T2, T3> : ComponentsCodec<ValueTuple<T1, T2, T3>>
{
    protected override void WriteComponents(WireWriter writer, (T1, T2, T3) value)
    {
        writer.WriteField(0, value.Item1);
        writer.WriteField(1, value.Item2);
        writer.WriteField(2, value.Item3);
    }

    protected override bool ReadComponent(WireReader reader, WireFieldHeader header, ref (T1, T2, T3) value)
    {
        switch (header.Id)
        {
            case 0:
                value.Item1 = reader.ReadField<T1>(header);
                return true;
            case 1:
                value.Item2 = reader.ReadField<T2>(header);
                return true;
            case 2:
                value.Item3 = reader.ReadField<T3>(header);
                return true;
            default:
                return false;
        }
    }
}

internal sealed class ValueTupleCodec<T1, T2, T3, T4> : ComponentsCodec<ValueTuple<T1, T2, T3, T4>>
{
    protected override void WriteComponents(WireWriter writer, (T1, T2, T3, T4) value)
    {
        writer.WriteField(0, value.Item1);
        writer.WriteField(1, value.Item2);
        writer.WriteField(2, value.Item3);
        writer.WriteField(3, value.Item4);
    }

    protected override bool ReadComponent(WireReader reader, WireFieldHeader header, ref (T1, T2, T3, T4) value)
    {
        switch (header.Id)
        {
            case 0:
                value.Item1 = reader.ReadField<T1>(header);
                return true;
            case 1:
                value.Item2 = reader.ReadField<T2>(header);
                return true;
            case 2:
                value.Item3 = reader.ReadField<T3>(header);
                return true;
            case 3:
                value.Item4 = reader.ReadField<T4>(header);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>Serves a derived type through its base type's codec (every exception, every grain reference).</summary>
internal sealed class DerivedTypeCodec<TDerived, TBase>(IWireCodec<TBase> inner) : IWireCodec<TDerived>
{
    public void Write(WireWriter writer, uint fieldId, TDerived value) => inner.Write(writer, fieldId, (TBase)(object)value!);

    public TDerived Read(WireReader reader, WireFieldHeader field) =>
        inner.Read(reader, field) is TDerived typed
            ? typed
            : throw new WireFormatException($"The value read is not a '{typeof(TDerived)}'.");
}

/// <summary>Stands in for a type nothing can serialize; fails only when used.</summary>
internal sealed class MissingCodec<T> : IWireCodec<T>
{
    public void Write(WireWriter writer, uint fieldId, T value) => throw new CodecNotFoundException(typeof(T));

    public T Read(WireReader reader, WireFieldHeader field) => throw new CodecNotFoundException(typeof(T));
}

internal sealed class UntypedCodec<T>(IWireCodec<T> codec) : IUntypedWireCodec
{
    public void Write(WireWriter writer, uint fieldId, object value) => codec.Write(writer, fieldId, (T)value);

    public object Read(WireReader reader, WireFieldHeader field) => codec.Read(reader, field)!;
}
