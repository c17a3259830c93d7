namespace Granary.Serialization;

/// <summary>What writers and readers need from the runtime: codecs, type identities and grain reference re-creation.</summary>
internal interface IWireSession
{
    IWireCodec<T> GetCodec<T>();

    IUntypedWireCodec GetUntypedCodec(Type type);

    /// <summary>A short built-in id for well-known types and generic definitions (arrays use <see cref="Array"/>).</summary>
    bool TryGetBuiltInTypeId(Type type, out uint id);

    Type? GetBuiltInType(uint id);

    /// <summary>The stable name: [Alias] or full name without assembly.</summary>
    string GetTypeName(Type type);

    /// <summary>The type with this stable name, or null when it is unknown here.</summary>
    Type? ResolveTypeName(string name);

    /// <summary>The type an object of <paramref name="runtimeType"/> is written as (e.g. every exception as <see cref="Exception"/>).</summary>
    Type GetWireType(Type runtimeType);

    IGrainReferenceActivator? GrainReferenceActivator { get; }
}

/// <summary>A codec used through object, for values whose runtime type differs from their declared type.</summary>
internal interface IUntypedWireCodec
{
    void Write(WireWriter writer, uint fieldId, object value);

    object Read(WireReader reader, WireFieldHeader field);
}
