using System.Collections.Generic;
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
                var accessor = model.Fields[i].BaseAccessor is { } helper ? $"{helper.ClassName}{helper.TypeArguments}.Field{i}" : $"Field{i}";
                writer.Line($"{accessor}({target}) = context.Copy({accessor}({target}));");
            }

            writer.Line("return copy;");
            writer.Close();

            for (var i = 0; i < model.Fields.Count; i++)
            {
                var field = model.Fields[i];
                if (field.BaseAccessor is null)
                {
                    var owner = model.IsValueType ? "ref " + field.DeclaringType : field.DeclaringType;
                    writer.Line();
                    EmitAccessor(writer, "private", field.FieldName, field.FieldType, $"Field{i}", owner);
                }
            }

            writer.Close();
            EmitGenericBaseAccessors(writer, model);
            writer.Close();
            return writer.ToString();
        }

        // One helper class per generic base, over the base's own type parameters (the shape UnsafeAccessor binds).
        private static void EmitGenericBaseAccessors(CodeWriter writer, CopierModel model)
        {
            var emitted = new HashSet<string>();
            foreach (var first in model.Fields)
            {
                if (first.BaseAccessor is not { } helper || !emitted.Add(helper.ClassName))
                {
                    continue;
                }

                var constraints = helper.Constraints.Length > 0 ? " " + helper.Constraints : string.Empty;
                writer.Line();
                writer.Line($"internal static class {helper.ClassName}{helper.TypeParameters}{constraints}");
                writer.Open();
                var separate = false;
                for (var i = 0; i < model.Fields.Count; i++)
                {
                    if (model.Fields[i].BaseAccessor is { } other && other.ClassName == helper.ClassName)
                    {
                        if (separate)
                        {
                            writer.Line();
                        }

                        separate = true;
                        EmitAccessor(writer, "public", model.Fields[i].FieldName, other.DefinitionFieldType, $"Field{i}", other.DefinitionDeclaringType);
                    }
                }

                writer.Close();
            }
        }

        private static void EmitAccessor(CodeWriter writer, string accessibility, string fieldName, string fieldType, string method, string owner)
        {
            writer.Line($"[{UnsafeAccessor}({FieldKind}, Name = \"{fieldName}\")]");
            writer.Line($"{accessibility} static extern ref {fieldType} {method}({owner} owner);");
        }
    }
}
