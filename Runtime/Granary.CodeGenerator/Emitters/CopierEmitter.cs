using Granary.CodeGenerator.Models;

namespace Granary.CodeGenerator.Emitters
{
    /// <summary>
    /// Writes the deep copier of a [GenerateSerializer] type: a shallow clone, then every field whose type may be
    /// mutable is replaced by a copy made through the context. Private and readonly fields are reached with
    /// UnsafeAccessor, which costs no reflection at run time.
    /// </summary>
    internal static class CopierEmitter
    {
        private const string UnsafeAccessor = "global::System.Runtime.CompilerServices.UnsafeAccessor";
        private const string FieldKind = "global::System.Runtime.CompilerServices.UnsafeAccessorKind.Field";

        public static string Emit(CopierModel model, string @namespace)
        {
            var writer = CodeWriter.ForFile(@namespace);
            var type = model.Type;
            var constraints = model.Constraints.Length > 0 ? " " + model.Constraints : string.Empty;
            writer.Line($"internal sealed class {model.CopierClassName}{model.TypeParameters} : global::Granary.Serialization.IDeepCopier<{type}>{constraints}");
            writer.Open();
            writer.Line($"public {type} DeepCopy({type} original, global::Granary.Serialization.CopyContext context)");
            writer.Open();
            if (model.IsValueType)
            {
                writer.Line("var copy = original;");
            }
            else
            {
                // The context dispatches by runtime type, so this copier only ever sees exactly this type.
                writer.Line($"if (context.TryGetCopy<{type}>(original, out var existing))");
                writer.Open();
                writer.Line("return existing;");
                writer.Close();
                writer.Line();
                writer.Line($"var copy = ({type}){GeneratedNames.CopierHelpers}.MemberwiseClone(original);");

                // Recorded before the fields are copied, so a cycle back to 'original' resolves to 'copy'.
                writer.Line("context.RecordCopy(original, copy);");
            }

            var target = model.IsValueType ? "ref copy" : "copy";
            for (var i = 0; i < model.Fields.Count; i++)
            {
                writer.Line($"Field{i}({target}) = context.Copy(Field{i}({target}));");
            }

            writer.Line("return copy;");
            writer.Close();

            for (var i = 0; i < model.Fields.Count; i++)
            {
                var field = model.Fields[i];
                var owner = model.IsValueType ? "ref " + field.DeclaringType : field.DeclaringType;
                writer.Line();
                writer.Line($"[{UnsafeAccessor}({FieldKind}, Name = \"{field.FieldName}\")]");
                writer.Line($"private static extern ref {field.FieldType} Field{i}({owner} owner);");
            }

            writer.Close();
            writer.Close();
            return writer.ToString();
        }
    }
}
