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

    private sealed class ListCopier<T> : IDeepCopier<List<T>>
    {
        public List<T> DeepCopy(List<T> original, CopyContext context)
        {
            if (context.TryGetCopy<List<T>>(original, out var existing))
            {
                return existing;
            }

            var copy = new List<T>(original.Count);
            context.RecordCopy(original, copy);
            foreach (var item in original)
            {
                copy.Add(context.Copy(item));
            }

            return copy;
        }
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

    private sealed class HashSetCopier<T> : IDeepCopier<HashSet<T>>
    {
        public HashSet<T> DeepCopy(HashSet<T> original, CopyContext context)
        {
            if (context.TryGetCopy<HashSet<T>>(original, out var existing))
            {
                return existing;
            }

            var copy = new HashSet<T>(original.Count, original.Comparer);
            context.RecordCopy(original, copy);
            foreach (var item in original)
            {
                copy.Add(context.Copy(item));
            }

            return copy;
        }
    }

    private sealed class QueueCopier<T> : IDeepCopier<Queue<T>>
    {
        public Queue<T> DeepCopy(Queue<T> original, CopyContext context)
        {
            if (context.TryGetCopy<Queue<T>>(original, out var existing))
            {
                return existing;
            }

            var copy = new Queue<T>(original.Count);
            context.RecordCopy(original, copy);
            foreach (var item in original)
            {
                copy.Enqueue(context.Copy(item));
            }

            return copy;
        }
    }

    private sealed class KeyValuePairCopier<TKey, TValue> : IDeepCopier<KeyValuePair<TKey, TValue>>
    {
        public KeyValuePair<TKey, TValue> DeepCopy(KeyValuePair<TKey, TValue> original, CopyContext context) =>
            new(context.Copy(original.Key), context.Copy(original.Value));
    }
}
