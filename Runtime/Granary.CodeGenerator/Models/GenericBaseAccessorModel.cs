namespace Granary.CodeGenerator.Models
{
    /// <summary>
    /// UnsafeAccessor only binds fields of generic types from a generic class whose type parameters mirror the
    /// target's, so a field of a generic base class is reached through a helper class over the base's definition.
    /// </summary>
    /// <param name="ClassName">The helper class, without type parameters.</param>
    /// <param name="TypeParameters">The base definition's type parameter list ("&lt;T&gt;").</param>
    /// <param name="Constraints">The base definition's constraint clauses.</param>
    /// <param name="TypeArguments">The base type's arguments as the copied type sees it ("&lt;global::System.String&gt;").</param>
    /// <param name="DefinitionDeclaringType">The base definition (global::My.Base&lt;T&gt;).</param>
    /// <param name="DefinitionFieldType">The field's type in terms of the definition's type parameters.</param>
    internal sealed record GenericBaseAccessorModel(
        string ClassName,
        string TypeParameters,
        string Constraints,
        string TypeArguments,
        string DefinitionDeclaringType,
        string DefinitionFieldType);
}
