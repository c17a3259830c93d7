namespace Granary.CodeGenerator.Models
{
    /// <summary>A [GenerateSerializer] type and the fields its copier must copy.</summary>
    /// <param name="Type">The global::-qualified type, with its own type parameters when generic (global::My.Box&lt;T&gt;).</param>
    /// <param name="CopierClassName">The generated copier class name, without type parameters.</param>
    /// <param name="IsValueType">A struct: copied by value, then fields fixed up by reference.</param>
    /// <param name="TypeParameters">The type parameter list ("&lt;T, U&gt;") or an empty string.</param>
    /// <param name="Constraints">The type parameter constraint clauses, copied so UnsafeAccessor signatures match.</param>
    /// <param name="OpenType">The open generic type for typeof (global::My.Box&lt;&gt;), or null when not generic.</param>
    /// <param name="Fields">The fields to deep-copy.</param>
    /// <param name="CodecClassName">The generated wire codec class name, or null when no codec is generated (no member has an [Id]).</param>
    /// <param name="Members">The fields the wire codec writes, ordered by id.</param>
    /// <param name="HasParameterlessConstructor">Reading creates instances with new() rather than uninitialized.</param>
    internal sealed record CopierModel(
        string Type,
        string CopierClassName,
        bool IsValueType,
        string TypeParameters,
        string Constraints,
        string? OpenType,
        EquatableArray<CopiedFieldModel> Fields,
        string? CodecClassName,
        EquatableArray<SerializedMemberModel> Members,
        bool HasParameterlessConstructor)
    {
        public bool IsGeneric => OpenType is not null;
    }
}
