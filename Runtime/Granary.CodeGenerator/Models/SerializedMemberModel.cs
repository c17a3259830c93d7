namespace Granary.CodeGenerator.Models
{
    /// <summary>A field a wire codec writes and reads under its stable [Id].</summary>
    /// <param name="Id">The member's [Id] (for records, the positional parameter's).</param>
    /// <param name="FieldName">The field's metadata name (compiler backing fields included).</param>
    /// <param name="FieldType">The annotated field type.</param>
    /// <param name="DeclaringType">The global::-qualified type declaring the field.</param>
    /// <param name="BaseAccessor">Set when the field belongs to a generic base class.</param>
    internal sealed record SerializedMemberModel(uint Id, string FieldName, string FieldType, string DeclaringType, GenericBaseAccessorModel? BaseAccessor);
}
