namespace Granary.Serialization;

/// <summary>
/// Implemented by every generated request class (beside <see cref="Invocation.GrainRequest{TResult}"/>): what the
/// wire serializer needs to send a call to another process and its outcome back. The receiving side creates an
/// empty request from (<see cref="InterfaceId"/>, <see cref="MethodId"/>) through the manifest, then reads the
/// arguments into it.
/// </summary>
public interface ISerializableRequest
{
    /// <summary>Stable hash of the grain interface's [Alias] or full name.</summary>
    uint InterfaceId { get; }

    /// <summary>Stable hash of the method's [Alias] or name and parameter types.</summary>
    uint MethodId { get; }

    /// <summary>Writes the arguments as fields 0..n-1 (field id = parameter index).</summary>
    void WriteArguments(WireWriter writer);

    /// <summary>Reads argument fields up to the end of the enclosing object; unknown fields are skipped.</summary>
    void ReadArguments(WireReader reader);

    /// <summary>Writes the outcome of a completed request: its result (field 0) or its exception (field 1).</summary>
    void WriteResponse(WireWriter writer);

    /// <summary>Reads an outcome written by <see cref="WriteResponse"/> and completes this (caller-side) request with it.</summary>
    void ReadResponse(WireReader reader);
}
