using System.Collections;
using System.Reflection;
using Granary.Metadata;
using Granary.Serialization;

namespace Granary.CodeGenerator.Tests.Infrastructure;

/// <summary>
/// A minimal copy operation for tests, shaped the way the runtime's must be: it finds the copier for the
/// value's runtime type in the manifest, passes immutable values through, copies lists and arrays itself,
/// and remembers every copy so shared references and cycles survive.
/// </summary>
public sealed class TestCopyContext(GranaryManifest manifest) : CopyContext
{
    private readonly Dictionary<object, object> _copies = new(ReferenceEqualityComparer.Instance);

    public override T Copy<T>(T value)
    {
        if (value is null || IsImmutable(value.GetType()))
        {
            return value;
        }

        object original = value;
        if (_copies.TryGetValue(original, out var existing))
        {
            return (T)existing;
        }

        var type = original.GetType();
        if (original is Array array)
        {
            var arrayCopy = (Array)array.Clone();
            RecordCopy(original, arrayCopy);
            for (var i = 0; i < arrayCopy.Length; i++)
            {
                arrayCopy.SetValue(Copy(arrayCopy.GetValue(i)), i);
            }

            return (T)(object)arrayCopy;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var listCopy = (IList)Activator.CreateInstance(type)!;
            RecordCopy(original, listCopy);
            foreach (var item in (IList)original)
            {
                listCopy.Add(Copy(item));
            }

            return (T)listCopy;
        }

        // Dispatch on the runtime type: a field typed Animal may hold a Dog.
        var copier = FindCopier(type) ?? throw new CopierNotFoundException(type);
        var deepCopy = copier.GetType().GetMethod(nameof(IDeepCopier<object>.DeepCopy))!;
        try
        {
            return (T)deepCopy.Invoke(copier, [original, this])!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }

    public override bool TryGetCopy<T>(object original, out T copy)
    {
        if (_copies.TryGetValue(original, out var existing))
        {
            copy = (T)existing;
            return true;
        }

        copy = null!;
        return false;
    }

    public override void RecordCopy(object original, object copy) => _copies[original] = copy;

    private object? FindCopier(Type type)
    {
        if (manifest.Copiers.TryGetValue(type, out var copier))
        {
            return copier;
        }

        if (type.IsGenericType && manifest.GenericCopiers.TryGetValue(type.GetGenericTypeDefinition(), out var openCopier))
        {
            return Activator.CreateInstance(openCopier.MakeGenericType(type.GetGenericArguments()));
        }

        return null;
    }

    private static bool IsImmutable(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
        || type == typeof(DateTime) || type == typeof(TimeSpan) || typeof(IAddressable).IsAssignableFrom(type);
}
