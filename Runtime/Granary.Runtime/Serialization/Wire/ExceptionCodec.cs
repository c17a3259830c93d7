using System.Collections;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Granary.Serialization.Wire;

/// <summary>
/// Every exception, whatever its type: field 0 type name, 1 message, 2 stack trace text, 3 inner exception,
/// 4 HResult, 5 Data entries with string keys and built-in scalar values. On read the type is re-created
/// when it is known here and has a (string) or (string, Exception) constructor, with the remote stack trace
/// attached; otherwise a <see cref="RemoteGrainException"/> carries the original name, message and stack.
/// </summary>
internal sealed class ExceptionCodec(WireCodecRegistry registry) : IWireCodec<Exception>
{
    public void Write(WireWriter writer, uint fieldId, Exception value)
    {
        var token = writer.WriteStartObject(fieldId, value);
        writer.WriteField(0, value is RemoteGrainException remote ? remote.OriginalTypeName : value.GetType().FullName ?? value.GetType().Name);
        writer.WriteField(1, value is RemoteGrainException remoteMessage ? remoteMessage.OriginalMessage : value.Message);
        writer.WriteField(2, value.StackTrace);
        writer.WriteField(3, value.InnerException);
        writer.WriteField(4, value.HResult);
        WriteData(writer, value.Data);
        writer.WriteEndObject(token);
    }

    public Exception Read(WireReader reader, WireFieldHeader field)
    {
        WireReader.Expect(field, WireType.StartObject);
        var token = reader.EnterObject();
        string typeName = "System.Exception";
        string message = string.Empty;
        string? stackTrace = null;
        Exception? inner = null;
        int? hresult = null;
        List<KeyValuePair<string, object?>>? data = null;
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
                    typeName = reader.ReadField<string>(header) ?? typeName;
                    break;
                case 1:
                    message = reader.ReadField<string>(header) ?? string.Empty;
                    break;
                case 2:
                    stackTrace = reader.ReadField<string>(header);
                    break;
                case 3:
                    inner = reader.ReadField<Exception>(header);
                    break;
                case 4:
                    hresult = reader.ReadField<int>(header);
                    break;
                case 5:
                    data = ReadData(reader, header);
                    break;
                default:
                    reader.SkipField(header);
                    break;
            }
        }

        reader.ExitObject(token);
        var exception = Create(typeName, message, stackTrace, inner);
        if (hresult is { } code && exception is not RemoteGrainException)
        {
            exception.HResult = code;
        }

        foreach (var (key, item) in data ?? [])
        {
            exception.Data[key] = item;
        }

        reader.RecordObject(field, exception);
        return exception;
    }

    private Exception Create(string typeName, string message, string? stackTrace, Exception? inner)
    {
        var type = registry.ResolveTypeName(typeName);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract && !type.ContainsGenericParameters && TryConstruct(type, message, inner) is { } created)
        {
            if (!string.IsNullOrEmpty(stackTrace))
            {
                ExceptionDispatchInfo.SetRemoteStackTrace(created, stackTrace);
            }

            return created;
        }

        return new RemoteGrainException(typeName, message, stackTrace, inner);
    }

    private static Exception? TryConstruct(Type type, string message, Exception? inner)
    {
        try
        {
            if (type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner)
            {
                return (Exception)withInner.Invoke([message, inner]);
            }

            if (inner is null && type.GetConstructor([typeof(string)]) is { } withMessage)
            {
                return (Exception)withMessage.Invoke([message]);
            }
        }
        catch (TargetInvocationException)
        {
            // A constructor that rejects the message (or anything else): fall back to RemoteGrainException.
        }

        return null;
    }

    private void WriteData(WireWriter writer, IDictionary data)
    {
        if (data.Count == 0)
        {
            return;
        }

        var entries = new List<KeyValuePair<string, object>>();
        foreach (DictionaryEntry entry in data)
        {
            if (entry.Key is string key && entry.Value is { } item && IsScalar(item.GetType()))
            {
                entries.Add(new(key, item));
            }
        }

        if (entries.Count == 0)
        {
            return;
        }

        var token = CollectionLayout.WriteStart(writer, 5, null, entries.Count);
        foreach (var (key, item) in entries)
        {
            writer.WriteField(CollectionLayout.ElementField, key);
            writer.WriteField(CollectionLayout.ElementField, item);
        }

        writer.WriteEndObject(token);
    }

    private static List<KeyValuePair<string, object?>> ReadData(WireReader reader, WireFieldHeader header)
    {
        var count = CollectionLayout.ReadStart(reader, header, out var token);
        var entries = new List<KeyValuePair<string, object?>>(count);
        for (var i = 0; i < count; i++)
        {
            var key = CollectionLayout.ReadElement<string>(reader);
            var item = CollectionLayout.ReadElement<object?>(reader);
            if (key is not null)
            {
                entries.Add(new(key, item));
            }
        }

        CollectionLayout.ReadEnd(reader, token);
        return entries;
    }

    private bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(GrainId)
        || (registry.TryGetBuiltInTypeId(type, out _) && !type.IsArray && type != typeof(object));
}
