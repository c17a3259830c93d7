using System.Linq;
using Granary.CodeGenerator.Models;

namespace Granary.CodeGenerator.Emitters
{
    /// <summary>Writes a grain interface's proxy class and one request class per method.</summary>
    internal static class ProxyEmitter
    {
        private const string Tasks = "global::System.Threading.Tasks";
        private const string Serialization = "global::Granary.Serialization";

        public static string Emit(GrainInterfaceModel model, string @namespace)
        {
            var writer = CodeWriter.ForFile(@namespace);
            EmitProxy(writer, model);
            foreach (var method in model.Methods)
            {
                writer.Line();
                EmitRequest(writer, method, model.InterfaceId);
            }

            writer.Close();
            return writer.ToString();
        }

        private static void EmitProxy(CodeWriter writer, GrainInterfaceModel model)
        {
            writer.Line($"internal sealed class {model.ProxyClassName} : global::Granary.Invocation.GrainReference, {model.InterfaceType}");
            writer.Open();
            writer.Line($"public {model.ProxyClassName}(global::Granary.Invocation.IGrainReferenceRuntime runtime, global::Granary.GrainId grainId)");
            writer.Line("    : base(runtime, grainId)");
            writer.Open();
            writer.Close();
            writer.Line();
            writer.Line($"public override global::System.Type InterfaceType => typeof({model.InterfaceType});");
            foreach (var method in model.Methods)
            {
                writer.Line();

                // Explicit implementations: two base interfaces may declare the same signature. Default values are
                // not repeated because explicit implementations ignore them (CS1066); callers see the interface's.
                var parameters = string.Join(", ", method.Parameters.Select(p => (p.IsParams ? "params " : string.Empty) + p.Type + " " + p.Name));
                var initializer = string.Join(", ", method.Parameters.Select((p, i) => $"Arg{i} = {p.Name}"));
                var request = $"new {method.RequestClassName} {{ {initializer} }}".Replace("{  }", "{ }");
                var call = method.ReturnKind switch
                {
                    ReturnKind.TaskOfT => $"InvokeAsync({request}).AsTask()",
                    ReturnKind.ValueTaskOfT => $"InvokeAsync({request})",
                    ReturnKind.Task => $"InvokeVoidAsync({request}).AsTask()",
                    _ => $"InvokeVoidAsync({request})",
                };
                writer.Line($"{method.ReturnType} {method.DeclaringInterface}.{method.Name}({parameters})");
                writer.Line($"    => {call};");
            }

            writer.Close();
        }

        private static void EmitRequest(CodeWriter writer, GrainMethodModel method, uint interfaceId)
        {
            var parameters = method.Parameters;
            writer.Line($"internal sealed class {method.RequestClassName} : global::Granary.Invocation.GrainRequest<{method.ResultType}>, {Serialization}.ISerializableRequest");
            writer.Open();
            for (var i = 0; i < parameters.Count; i++)
            {
                writer.Line($"public {parameters[i].Type} Arg{i} = default!;");
            }

            if (parameters.Count > 0)
            {
                writer.Line();
            }

            writer.Line($"public override global::System.Type InterfaceType => typeof({method.DeclaringInterface});");
            writer.Line();
            writer.Line($"public override string MethodName => \"{method.MethodName}\";");
            writer.Line();
            if (method.Options is not null)
            {
                writer.Line($"public override global::Granary.Invocation.InvokeMethodOptions Options => {method.Options};");
                writer.Line();
            }

            writer.Line($"public override int ArgumentCount => {parameters.Count};");
            writer.Line();
            EmitGetArgument(writer, parameters);
            writer.Line();
            writer.Line("public override void CopyArguments(global::Granary.Serialization.IDeepCopier copier)");
            writer.Open();
            for (var i = 0; i < parameters.Count; i++)
            {
                if (!parameters[i].IsImmutable)
                {
                    writer.Line($"Arg{i} = copier.Copy(Arg{i});");
                }
            }

            writer.Close();
            writer.Line();

            var arguments = string.Join(", ", Enumerable.Range(0, parameters.Count).Select(i => "Arg" + i));
            var call = $"(({method.DeclaringInterface})grain).{method.Name}({arguments})";
            var body = method.ReturnKind switch
            {
                ReturnKind.TaskOfT => $"new {Tasks}.ValueTask<{method.ResultType}>({call})",
                ReturnKind.ValueTaskOfT => call,
                _ => $"global::Granary.Invocation.VoidResult.From({call})",
            };
            writer.Line($"protected override {Tasks}.ValueTask<{method.ResultType}> InvokeMethodAsync(object grain)");
            writer.Line($"    => {body};");
            writer.Line();
            EmitWireMembers(writer, method, interfaceId);
            writer.Close();
        }

        // The request's wire identity and its arguments as fields 0..n-1 (field id = parameter index).
        // Cancellation tokens belong to the caller's process and are not sent.
        private static void EmitWireMembers(CodeWriter writer, GrainMethodModel method, uint interfaceId)
        {
            var parameters = method.Parameters;
            writer.Line($"public uint InterfaceId => {ManifestEmitter.Hex(interfaceId)};");
            writer.Line();
            writer.Line($"public uint MethodId => {ManifestEmitter.Hex(method.MethodId)};");
            writer.Line();
            writer.Line($"public void WriteArguments({Serialization}.WireWriter writer)");
            writer.Open();
            for (var i = 0; i < parameters.Count; i++)
            {
                if (!parameters[i].IsCancellationToken)
                {
                    writer.Line($"writer.WriteField<{parameters[i].Type}>({i}u, Arg{i});");
                }
            }

            writer.Close();
            writer.Line();
            writer.Line($"public void ReadArguments({Serialization}.WireReader reader)");
            writer.Open();
            writer.Line("while (true)");
            writer.Open();
            writer.Line("var header = reader.ReadFieldHeader();");
            writer.Line("if (header.IsEndObject)");
            writer.Open();
            writer.Line("return;");
            writer.Close();
            writer.Line();
            writer.Line("switch (header.Id)");
            writer.Open();
            for (var i = 0; i < parameters.Count; i++)
            {
                if (!parameters[i].IsCancellationToken)
                {
                    writer.Line($"case {i}u:");
                    writer.Line($"    Arg{i} = reader.ReadField<{parameters[i].Type}>(header);");
                    writer.Line("    break;");
                }
            }

            writer.Line("default:");
            writer.Line("    reader.SkipField(header);");
            writer.Line("    break;");
            writer.Close();
            writer.Close();
            writer.Close();
            writer.Line();
            writer.Line($"public void WriteResponse({Serialization}.WireWriter writer) => {Serialization}.WireResponse.Write(this, writer);");
            writer.Line();
            writer.Line($"public void ReadResponse({Serialization}.WireReader reader) => {Serialization}.WireResponse.Read(this, reader);");
        }

        private static void EmitGetArgument(CodeWriter writer, EquatableArray<MethodParameterModel> parameters)
        {
            writer.Line("public override object? GetArgument(int index)");
            if (parameters.Count == 0)
            {
                writer.Line("    => throw new global::System.ArgumentOutOfRangeException(nameof(index));");
                return;
            }

            writer.Line("    => index switch");
            writer.Line("    {");
            for (var i = 0; i < parameters.Count; i++)
            {
                writer.Line($"        {i} => Arg{i},");
            }

            writer.Line("        _ => throw new global::System.ArgumentOutOfRangeException(nameof(index)),");
            writer.Line("    };");
        }
    }
}
