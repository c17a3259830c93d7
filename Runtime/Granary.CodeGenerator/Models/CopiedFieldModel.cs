namespace Granary.CodeGenerator.Models
{
    /// <summary>An instance field a copier must deep-copy (its static type is not known to be immutable).</summary>
    /// <param name="FieldName">The field's metadata name (compiler backing fields included, e.g. &lt;Name&gt;k__BackingField).</param>
    /// <param name="FieldType">The annotated field type.</param>
    /// <param name="DeclaringType">The global::-qualified type declaring the field (a base class for inherited fields).</param>
    /// <param name="BaseAccessor">Set when the field belongs to a generic base class, whose accessor needs a generic home.</param>
    internal sealed record CopiedFieldModel(string FieldName, string FieldType, string DeclaringType, GenericBaseAccessorModel? BaseAccessor);
}
