using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Granary.CodeGenerator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Granary.CodeGenerator.Parsing
{
    /// <summary>Turns a grain class declaration into the constructor call its factory makes.</summary>
    internal static class GrainClassParser
    {
        private const string ServiceProviderExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
        private const string KeyedServiceProviderExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions";

        public static bool IsCandidate(SyntaxNode node) => node is ClassDeclarationSyntax { BaseList: not null };

        public static ParseResult<GrainClassModel>? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (ClassDeclarationSyntax)context.Node;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type
                || !SymbolNames.IsFirstDeclarationWithBaseList(type, declaration, cancellationToken)
                || type.IsAbstract
                || type.IsStatic
                || !KnownTypes.DerivesFrom(type, KnownTypes.Grain)
                || SymbolNames.IsOrIsNestedInGeneric(type))
            {
                // Open generic grain classes cannot be constructed without type arguments; they are not registered.
                return null;
            }

            var location = declaration.Identifier.GetLocation();
            if (!SymbolNames.IsAccessibleFromAssembly(type))
            {
                return Error(DiagnosticInfo.Create(Diagnostics.Inaccessible, location, "Grain class", SymbolNames.ForMessage(type)));
            }

            var constructor = ChooseConstructor(type);
            if (constructor is null)
            {
                return Error(DiagnosticInfo.Create(Diagnostics.NoPublicConstructor, location, SymbolNames.ForMessage(type)));
            }

            var arguments = constructor.Parameters.Select(ArgumentFor).ToList();
            return new ParseResult<GrainClassModel>(
                new GrainClassModel(SymbolNames.Name(type), new EquatableArray<string>(arguments)),
                EquatableArray<DiagnosticInfo>.Empty);
        }

        // The same choice ActivatorUtilities makes for the common cases: the marked constructor, else the widest.
        private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type)
        {
            var candidates = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
            if (candidates.Count <= 1)
            {
                return candidates.FirstOrDefault();
            }

            return candidates.FirstOrDefault(c => KnownTypes.HasAttribute(c, KnownTypes.ActivatorUtilitiesConstructorAttribute))
                ?? candidates.OrderByDescending(c => c.Parameters.Length).First();
        }

        private static string ArgumentFor(IParameterSymbol parameter)
        {
            var type = SymbolNames.Name(parameter.Type);

            if (KnownTypes.FindAttribute(parameter, KnownTypes.PersistentStateAttribute) is { } state
                && KnownTypes.Is(parameter.Type, KnownTypes.IPersistentStateOfT))
            {
                var stateType = SymbolNames.Name(((INamedTypeSymbol)parameter.Type).TypeArguments[0]);
                var stateName = state.ConstructorArguments.Length > 0 ? Literal(state.ConstructorArguments[0]) : "null";
                var storageName = state.ConstructorArguments.Length > 1 ? Literal(state.ConstructorArguments[1]) : "null";
                return $"{ServiceProviderExtensions}.GetRequiredService<global::Granary.Runtime.IPersistentStateFactory>(services)"
                    + $".Create<{stateType}>(context, {stateName}, {storageName})";
            }

            if (KnownTypes.Is(parameter.Type, KnownTypes.IGrainContext))
            {
                return "context";
            }

            if (KnownTypes.FindAttribute(parameter, KnownTypes.FromKeyedServicesAttribute) is { ConstructorArguments.Length: > 0 } keyed)
            {
                return $"{KeyedServiceProviderExtensions}.GetRequiredKeyedService<{type}>(services, {Literal(keyed.ConstructorArguments[0])})";
            }

            if (parameter.HasExplicitDefaultValue)
            {
                var fallback = DefaultValue(parameter);
                if (parameter.Type.IsValueType)
                {
                    // GetService<T> cannot be coalesced for value types: unbox the untyped lookup instead.
                    var local = "__service_" + parameter.Ordinal;
                    return $"services.GetService(typeof({type})) is {{ }} {local} ? ({type}){local} : {fallback}";
                }

                return $"{ServiceProviderExtensions}.GetService<{type}>(services) ?? {fallback}";
            }

            return $"{ServiceProviderExtensions}.GetRequiredService<{type}>(services)";
        }

        private static string DefaultValue(IParameterSymbol parameter)
        {
            var type = SymbolNames.Name(parameter.Type);
            var value = parameter.ExplicitDefaultValue;
            return value is null
                ? $"default({type})!"
                : $"({type})({SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false)})";
        }

        private static string Literal(TypedConstant constant)
        {
            if (constant.IsNull)
            {
                return "null";
            }

            return constant.Kind switch
            {
                TypedConstantKind.Enum => $"({SymbolNames.Name(constant.Type!)})({SymbolDisplay.FormatPrimitive(constant.Value!, quoteStrings: true, useHexadecimalNumbers: false)})",
                TypedConstantKind.Type => $"typeof({SymbolNames.Name((ITypeSymbol)constant.Value!)})",
                TypedConstantKind.Primitive => SymbolDisplay.FormatPrimitive(constant.Value!, quoteStrings: true, useHexadecimalNumbers: false),
                _ => constant.ToCSharpString(),
            };
        }

        private static ParseResult<GrainClassModel> Error(DiagnosticInfo diagnostic) =>
            new(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
    }
}
