namespace Granary.Serialization;

/// <summary>Copies values of exactly <typeparamref name="T"/>; generated for [GenerateSerializer] types.</summary>
public interface IDeepCopier<T>
{
    /// <summary>Copies a non-null <paramref name="original"/>, using <paramref name="context"/> for nested values.</summary>
    T DeepCopy(T original, CopyContext context);
}
