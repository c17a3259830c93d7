using Granary.Invocation;

namespace Granary;

/// <summary>Key accessors for grain instances and grain references.</summary>
public static class GrainExtensions
{
    public static GrainId GetGrainId(this IAddressable addressable) => addressable switch
    {
        null => throw new ArgumentNullException(nameof(addressable)),
        Grain grain => grain.GrainContext.GrainId,
        GrainReference reference => reference.GrainId,
        _ => throw new ArgumentException(
            $"{addressable.GetType()} is neither a grain nor a grain reference.", nameof(addressable)),
    };

    public static string GetPrimaryKeyString(this IAddressable addressable) => addressable.GetGrainId().Key;

    public static Guid GetPrimaryKey(this IAddressable addressable) =>
        GrainKeyFormat.ToGuid(addressable.GetGrainId().Key, out _);

    public static Guid GetPrimaryKey(this IAddressable addressable, out string? keyExtension) =>
        GrainKeyFormat.ToGuid(addressable.GetGrainId().Key, out keyExtension);

    public static long GetPrimaryKeyLong(this IAddressable addressable) =>
        GrainKeyFormat.ToLong(addressable.GetGrainId().Key, out _);

    public static long GetPrimaryKeyLong(this IAddressable addressable, out string? keyExtension) =>
        GrainKeyFormat.ToLong(addressable.GetGrainId().Key, out keyExtension);

    /// <summary>Casts a reference to another grain interface of the same grain.</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this IAddressable addressable, IGrainFactory grainFactory)
        where TGrainInterface : IAddressable
    {
        ArgumentNullException.ThrowIfNull(grainFactory);
        return grainFactory.GetGrain<TGrainInterface>(addressable.GetGrainId());
    }
}
