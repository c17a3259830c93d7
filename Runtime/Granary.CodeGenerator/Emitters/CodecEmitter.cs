using System.Collections.Generic;
using System.Globalization;
using Granary.CodeGenerator.Models;

namespace Granary.CodeGenerator.Emitters
{
    /// <summary>
    /// Writes the wire codec of a [GenerateSerializer] type: an object whose fields are the members with an [Id],
    /// in id order. Reading skips unknown ids and leaves missing members at their defaults, so versions that add
    /// members read each other. Private, readonly and init-only fields are reached with UnsafeAccessor.
    /// </summary>
    internal static class CodecEmitter
    {
        private const string UnsafeAccessor = "global::System.Runtime.CompilerServices.UnsafeAccessor";
        private const string FieldKind = "global::System.Runtime.CompilerServices.UnsafeAccessorKind.Field";
        private const string Serialization = "global::Granary.Serialization";

        public static string Emit(CopierModel model, string @namespace)
        {
            var writer = CodeWriter.ForFile(@namespace);
            var type = model.Type;
            var constraints = model.Constraints.Length > 0 ? " " + model.Constraints : string.Empty;
            writer.Line($"internal sealed class {model.CodecClassName}{model.TypeParameters} : {Serialization}.IWireCodec<{type}>{constraints}");
            writer.Open();
            EmitWrite(writer, model);
            writer.Line();
            EmitRead(writer, model);

            for (var i = 0; i < model.Members.Count; i++)
            {
                var member = model.Members[i];
                if (member.BaseAccessor is null)
                {
                    var owner = model.IsValueType ? "ref " + member.DeclaringType : member.DeclaringType;
                    writer.Line();
                    EmitAccessor(writer, "private", member.FieldName, member.FieldType, $"Field{i}", owner);
                }
            }

            writer.Close();
            EmitGenericBaseAccessors(writer, model);
            writer.Close();
            return writer.ToString();
        }

        private static void EmitWrite(CodeWriter writer, CopierModel model)
        {
            var target = model.IsValueType ? "ref value" : "value";
            writer.Line($"public void Write({Serialization}.WireWriter writer, uint fieldId, {model.Type} value)");
            writer.Open();
            writer.Line($"var token = writer.WriteStartObject(fieldId, {(model.IsValueType ? "null" : "value")});");
            for (var i = 0; i < model.Members.Count; i++)
            {
                var member = model.Members[i];
                writer.Line($"writer.WriteField<{member.FieldType}>({Id(member)}, {Accessor(model, i)}({target}));");
            }

            writer.Line("writer.WriteEndObject(token);");
            writer.Close();
        }

        private static void EmitRead(CodeWriter writer, CopierModel model)
        {
            var type = model.Type;
            writer.Line($"public {type} Read({Serialization}.WireReader reader, {Serialization}.WireFieldHeader field)");
            writer.Open();
            writer.Line($"{Serialization}.WireReader.Expect(field, {Serialization}.WireType.StartObject);");
            if (model.IsValueType || model.HasParameterlessConstructor)
            {
                writer.Line($"var result = new {type}();");
            }
            else
            {
                // No constructor to run: members missing from the message keep their default values.
                writer.Line($"var result = ({type})global::System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof({type}));");
            }

            if (!model.IsValueType)
            {
                // Recorded before the members are read, so a cycle back to this object resolves to 'result'.
                writer.Line("reader.RecordObject(field, result);");
            }

            writer.Line("var token = reader.EnterObject();");
            writer.Line("while (true)");
            writer.Open();
            writer.Line("var header = reader.ReadFieldHeader();");
            writer.Line("if (header.IsEndObject)");
            writer.Open();
            writer.Line("break;");
            writer.Close();
            writer.Line();
            writer.Line("switch (header.Id)");
            writer.Open();
            var target = model.IsValueType ? "ref result" : "result";
            for (var i = 0; i < model.Members.Count; i++)
            {
                var member = model.Members[i];
                writer.Line($"case {Id(member)}:");
                writer.Line($"    {Accessor(model, i)}({target}) = reader.ReadField<{member.FieldType}>(header);");
                writer.Line("    break;");
            }

            writer.Line("default:");
            writer.Line("    reader.SkipField(header);");
            writer.Line("    break;");
            writer.Close();
            writer.Close();
            writer.Line();
            writer.Line("reader.ExitObject(token);");
            writer.Line("return result;");
            writer.Close();
        }

        private static string Id(SerializedMemberModel member) => member.Id.ToString(CultureInfo.InvariantCulture) + "u";

        private static string Accessor(CopierModel model, int index) =>
            model.Members[index].BaseAccessor is { } helper ? $"{helper.ClassName}{helper.TypeArguments}.Field{index}" : $"Field{index}";

        private static void EmitGenericBaseAccessors(CodeWriter writer, CopierModel model)
        {
            var emitted = new HashSet<string>();
            foreach (var first in model.Members)
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
                for (var i = 0; i < model.Members.Count; i++)
                {
                    if (model.Members[i].BaseAccessor is { } other && other.ClassName == helper.ClassName)
                    {
                        if (separate)
                        {
                            writer.Line();
                        }

                        separate = true;
                        EmitAccessor(writer, "public", model.Members[i].FieldName, other.DefinitionFieldType, $"Field{i}", other.DefinitionDeclaringType);
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
