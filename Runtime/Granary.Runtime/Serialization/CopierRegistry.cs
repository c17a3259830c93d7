using System.Collections.Concurrent;
using Granary.Metadata;

namespace Granary.Serialization;

/// <summary>
/// Finds the copier for a runtime type: generated ones from the manifest, the built-in collection
/// copiers, or "immutable, share it". Each type is resolved once and cached.
/// </summary>
internal sealed class CopierRegistry(GranaryManifest manifest)
{
    private readonly ConcurrentDictionary<Type, ObjectCopier> _byType = new();

    /// <summary>The copier for values whose runtime type is exactly <paramref name="type"/>.</summary>
    public ObjectCopier Get(Type type) => _byType.GetOrAdd(type, static (t, self) => self.Create(t), this);

    private ObjectCopier Create(Type type)
    {
        if (KnownImmutableTypes.IsImmutable(type))
        {
            return ObjectCopier.Immutable;
        }

        if (manifest.Copiers.TryGetValue(type, out var generated))
        {
            return ObjectCopier.ForTyped(type, generated);
        }

        if (type.IsGenericType && manifest.GenericCopiers.TryGetValue(type.GetGenericTypeDefinition(), out var openCopier))
        {
            var closed = openCopier.MakeGenericType(type.GetGenericArguments());
            return ObjectCopier.ForTyped(type, Activator.CreateInstance(closed)!);
        }

        var builtIn = BuiltInCopiers.TryCreate(type);
        return builtIn is not null ? ObjectCopier.ForTyped(type, builtIn) : ObjectCopier.Missing(type);
    }
}
