using System.Diagnostics.CodeAnalysis;

namespace Granary.Invocation;

/// <summary>
/// Base of generated grain proxies: a grain id plus the runtime to send calls through. Immutable, cheap
/// to create, equal when they address the same grain through the same interface, and safe to pass as
/// a call argument.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    protected GrainReference(IGrainReferenceRuntime runtime, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
        GrainId = grainId;
    }

    public GrainId GrainId { get; }

    /// <summary>The grain interface this proxy implements.</summary>
    public abstract Type InterfaceType { get; }

    protected IGrainReferenceRuntime Runtime { get; }

    public bool Equals([NotNullWhen(true)] GrainReference? other) =>
        other is not null && GrainId.Equals(other.GrainId) && InterfaceType == other.InterfaceType;

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";

    /// <summary>Sends a call whose method returns a value.</summary>
    protected ValueTask<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request)
    {
        Runtime.SendRequest(this, request);
        return request.AsValueTask();
    }

    /// <summary>Sends a call whose method returns Task or ValueTask.</summary>
    protected ValueTask InvokeVoidAsync(GrainRequest<object?> request)
    {
        Runtime.SendRequest(this, request);
        return request.AsVoidValueTask();
    }
}
