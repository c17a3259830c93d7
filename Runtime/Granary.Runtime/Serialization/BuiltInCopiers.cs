namespace Granary.Serialization;

/// <summary>Copiers for the framework collections most often passed to grains.</summary>
internal static class BuiltInCopiers
{
    public static object? TryCreate(Type type)
    {
        if (type.IsSZArray)
        {
            return Activator.CreateInstance(typeof(ArrayCopier<>).MakeGenericType(type.GetElementType()!));
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        var copierType =
            definition == typeof(List<>) ? typeof(ListCopier<>)
            : definition == typeof(Dictionary<,>) ? typeof(DictionaryCopier<,>)
            : definition == typeof(HashSet<>) ? typeof(HashSetCopier<>)
            : definition == typeof(Queue<>) ? typeof(QueueCopier<>)
            : definition == typeof(KeyValuePair<,>) ? typeof(KeyValuePairCopier<,>)
            : null;
        return copierType is null ? null : Activator.CreateInstance(copierType.MakeGenericType(arguments));
    }

    private sealed class ArrayCopier<T> : IDeepCopier<T[]>
    {
        public T[] DeepCopy(T[] original, CopyContext context)
        {
            if (context.TryGetCopy<T[]>(original, out var existing))
            {
                return existing;
            }

            var copy = new T[original.Length];
            context.RecordCopy(original, copy);
            for (var i = 0; i < original.Length; i++)
            {
                copy[i] = context.Copy(original[i]);
            }

            return copy;
        }
    }

    /// <summary>Copies a growable collection element by element into a new one of the same type.</summary>
    private abstract class SequenceCopier<TCollection, T> : IDeepCopier<TCollection>
        where TCollection : class, IReadOnlyCollection<T>
    {
        public TCollection DeepCopy(TCollection original, CopyContext context)
        {
            if (context.TryGetCopy<TCollection>(original, out var existing))
            {
                return existing;
            }

            var copy = Create(original);
            context.RecordCopy(original, copy);
            foreach (var item in original)
            {
                Add(copy, context.Copy(item));
            }

            return copy;
        }

        protected abstract TCollection Create(TCollection original);

        protected abstract void Add(TCollection collection, T item);
    }

    private sealed class ListCopier<T> : SequenceCopier<List<T>, T>
    {
        protected override List<T> Create(List<T> original) => new(original.Count);

        protected override void Add(List<T> collection, T item) => collection.Add(item);
    }

    private sealed class DictionaryCopier<TKey, TValue> : IDeepCopier<Dictionary<TKey, TValue>>
        where TKey : notnull
    {
        public Dictionary<TKey, TValue> DeepCopy(Dictionary<TKey, TValue> original, CopyContext context)
        {
            if (context.TryGetCopy<Dictionary<TKey, TValue>>(original, out var existing))
            {
                return existing;
            }

            var copy = new Dictionary<TKey, TValue>(original.Count, original.Comparer);
            context.RecordCopy(original, copy);
            foreach (var (key, value) in original)
            {
                copy.Add(context.Copy(key), context.Copy(value));
            }

            return copy;
        }
    }

    private sealed class HashSetCopier<T> : SequenceCopier<HashSet<T>, T>
    {
        protected override HashSet<T> Create(HashSet<T> original) => new(original.Count, original.Comparer);

        protected override void Add(HashSet<T> collection, T item) => collection.Add(item);
    }

    private sealed class QueueCopier<T> : SequenceCopier<Queue<T>, T>
    {
        protected override Queue<T> Create(Queue<T> original) => new(original.Count);

        protected override void Add(Queue<T> collection, T item) => collection.Enqueue(item);
    }

    private sealed class KeyValuePairCopier<TKey, TValue> : IDeepCopier<KeyValuePair<TKey, TValue>>
    {
        public KeyValuePair<TKey, TValue> DeepCopy(KeyValuePair<TKey, TValue> original, CopyContext context) =>
            new(context.Copy(original.Key), context.Copy(original.Value));
    }
}
