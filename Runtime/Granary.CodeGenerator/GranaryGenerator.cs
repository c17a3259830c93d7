using System.Collections.Immutable;
using Granary.CodeGenerator.Emitters;
using Granary.CodeGenerator.Models;
using Granary.CodeGenerator.Parsing;
using Microsoft.CodeAnalysis;

namespace Granary.CodeGenerator
{
    /// <summary>
    /// Generates grain proxies and requests, grain factories, deep copiers and the assembly's manifest provider.
    /// Each declaration is parsed into a symbol-free, value-equal model, so edits elsewhere reuse cached output.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class GranaryGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var @namespace = context.CompilationProvider
                .Select(static (compilation, _) => GeneratedNames.Namespace(compilation.AssemblyName));

            var interfaces = context.SyntaxProvider
                .CreateSyntaxProvider(static (node, _) => GrainInterfaceParser.IsCandidate(node), GrainInterfaceParser.Parse)
                .Where(static result => result is not null)
                .Select(static (result, _) => result!)
                .WithTrackingName(TrackingNames.GrainInterfaces);

            var grainClasses = context.SyntaxProvider
                .CreateSyntaxProvider(static (node, _) => GrainClassParser.IsCandidate(node), GrainClassParser.Parse)
                .Where(static result => result is not null)
                .Select(static (result, _) => result!)
                .WithTrackingName(TrackingNames.GrainClasses);

            var copiers = context.SyntaxProvider
                .ForAttributeWithMetadataName(KnownTypes.GenerateSerializerAttribute, static (_, _) => true, SerializableTypeParser.Parse)
                .Where(static result => result is not null)
                .Select(static (result, _) => result!)
                .WithTrackingName(TrackingNames.Copiers);

            context.RegisterSourceOutput(interfaces.Combine(@namespace), static (output, pair) =>
            {
                var (result, ns) = pair;
                Report(output, result.Diagnostics);
                if (result.Model is { } model)
                {
                    output.AddSource(model.ProxyClassName + ".g.cs", ProxyEmitter.Emit(model, ns));
                }
            });

            context.RegisterSourceOutput(grainClasses, static (output, result) => Report(output, result.Diagnostics));

            context.RegisterSourceOutput(copiers.Combine(@namespace), static (output, pair) =>
            {
                var (result, ns) = pair;
                Report(output, result.Diagnostics);
                if (result.Model is { } model)
                {
                    output.AddSource(model.CopierClassName + ".g.cs", CopierEmitter.Emit(model, ns));
                    if (model.CodecClassName is not null)
                    {
                        output.AddSource(model.CodecClassName + ".g.cs", CodecEmitter.Emit(model, ns));
                    }
                }
            });

            var manifest = interfaces.Select(static (r, _) => r.Model).Where(static m => m is not null).Collect()
                .Combine(grainClasses.Select(static (r, _) => r.Model).Where(static m => m is not null).Collect())
                .Combine(copiers.Select(static (r, _) => r.Model).Where(static m => m is not null).Collect())
                .Combine(@namespace);
            context.RegisterSourceOutput(manifest, static (output, input) =>
            {
                var (((interfaceModels, classModels), copierModels), ns) = input;
                if (interfaceModels.IsEmpty && classModels.IsEmpty && copierModels.IsEmpty)
                {
                    return;
                }

                output.AddSource(
                    GeneratedNames.ManifestProvider + ".g.cs",
                    ManifestEmitter.Emit(ns, NonNull(interfaceModels), NonNull(classModels), NonNull(copierModels)));
            });
        }

        private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }

        private static ImmutableArray<T> NonNull<T>(ImmutableArray<T?> items)
            where T : class
        {
            var builder = ImmutableArray.CreateBuilder<T>(items.Length);
            foreach (var item in items)
            {
                if (item is not null)
                {
                    builder.Add(item);
                }
            }

            return builder.ToImmutable();
        }
    }
}
