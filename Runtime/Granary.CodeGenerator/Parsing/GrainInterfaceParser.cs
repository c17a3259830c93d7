using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Granary.CodeGenerator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Granary.CodeGenerator.Parsing
{
    /// <summary>Turns a grain interface declaration into a proxy model, or into diagnostics when it cannot be proxied.</summary>
    internal static class GrainInterfaceParser
    {
        public static bool IsCandidate(SyntaxNode node) => node is InterfaceDeclarationSyntax { BaseList: not null };

        public static ParseResult<GrainInterfaceModel>? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (InterfaceDeclarationSyntax)context.Node;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type
                || !SymbolNames.IsFirstDeclarationWithBaseList(type, declaration, cancellationToken)
                || KnownTypes.IsKeyMarker(type)
                || !KnownTypes.IsGrainInterface(type))
            {
                return null;
            }

            var diagnostics = new List<DiagnosticInfo>();
            var typeLocation = declaration.Identifier.GetLocation();
            var hasErrors = false;

            if (!SymbolNames.IsAccessibleFromAssembly(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.Inaccessible, typeLocation, "Grain interface", SymbolNames.ForMessage(type)));
                hasErrors = true;
            }

            if (SymbolNames.IsOrIsNestedInGeneric(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericInterface, typeLocation, SymbolNames.ForMessage(type)));
                hasErrors = true;
            }

            var proxyName = "Proxy_" + SymbolNames.Identifier(type);
            var methods = new List<GrainMethodModel>();
            foreach (var declaring in new[] { type }.Concat(type.AllInterfaces))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (KnownTypes.IsKeyMarker(declaring))
                {
                    continue;
                }

                // Members of this interface are reported where they are written. Base grain interfaces in this
                // compilation report their own errors; anything else is reported on this interface's name.
                var isSelf = SymbolEqualityComparer.Default.Equals(declaring, type);
                var reportsOwnErrors = !isSelf && KnownTypes.IsGrainInterface(declaring)
                    && declaring.Locations.Any(l => l.IsInSource) && !SymbolNames.IsOrIsNestedInGeneric(declaring);
                foreach (var member in declaring.GetMembers())
                {
                    var errors = new List<DiagnosticInfo>();
                    var location = isSelf ? member.Locations.FirstOrDefault() : typeLocation;
                    var method = ParseMember(member, declaring, proxyName, methods.Count, location, errors);
                    if (errors.Count > 0)
                    {
                        hasErrors = true;
                        if (!reportsOwnErrors)
                        {
                            diagnostics.AddRange(errors);
                        }
                    }
                    else if (method is not null)
                    {
                        methods.Add(method);
                    }
                }
            }

            var model = hasErrors
                ? null
                : new GrainInterfaceModel(
                    SymbolNames.Name(type), proxyName, new EquatableArray<GrainMethodModel>(methods), WireIds.Hash(KnownTypes.StableName(type)));
            return new ParseResult<GrainInterfaceModel>(model, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        private static GrainMethodModel? ParseMember(
            ISymbol member, INamedTypeSymbol declaring, string proxyName, int index, Location? location, List<DiagnosticInfo> errors)
        {
            // Static members and default-implemented members need nothing from the proxy.
            if (member.IsStatic || !member.IsAbstract)
            {
                return null;
            }

            switch (member)
            {
                case IPropertySymbol property:
                    errors.Add(DiagnosticInfo.Create(
                        Diagnostics.NonMethodMember, location, SymbolNames.ForMessage(declaring),
                        property.IsIndexer ? "indexer" : "property", property.IsIndexer ? "this[]" : property.Name));
                    return null;
                case IEventSymbol @event:
                    errors.Add(DiagnosticInfo.Create(
                        Diagnostics.NonMethodMember, location, SymbolNames.ForMessage(declaring), "event", @event.Name));
                    return null;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                    return ParseMethod(method, declaring, proxyName, index, location, errors);
                default:
                    return null; // accessors are covered by their property or event
            }
        }

        private static GrainMethodModel? ParseMethod(
            IMethodSymbol method, INamedTypeSymbol declaring, string proxyName, int index, Location? location, List<DiagnosticInfo> errors)
        {
            var methodName = SymbolNames.ForMessage(declaring) + "." + method.Name;
            if (method.IsGenericMethod)
            {
                errors.Add(DiagnosticInfo.Create(Diagnostics.GenericMethod, location, methodName));
            }

            var returnKind = ClassifyReturn(method.ReturnType);
            if (returnKind is null)
            {
                errors.Add(DiagnosticInfo.Create(
                    Diagnostics.InvalidReturnType, location, methodName, method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
            }

            var parameters = new List<MethodParameterModel>();
            foreach (var parameter in method.Parameters)
            {
                var byRef = parameter.RefKind switch
                {
                    RefKind.Ref => "'ref'",
                    RefKind.Out => "'out'",
                    RefKind.In => "'in'",
                    RefKind.RefReadOnlyParameter => "'ref readonly'",
                    _ => parameter.Type.IsRefLikeType ? "a ref struct" : null,
                };
                if (byRef is not null)
                {
                    // Point at the parameter itself when the method is reported where it is written.
                    var parameterLocation = location is { IsInSource: true } && method.Locations.Contains(location)
                        && parameter.Locations.FirstOrDefault() is { IsInSource: true } own
                        ? own
                        : location;
                    errors.Add(DiagnosticInfo.Create(Diagnostics.ByRefParameter, parameterLocation, methodName, parameter.Name, byRef));
                    continue;
                }

                parameters.Add(new MethodParameterModel(
                    SymbolNames.EscapeIdentifier(parameter.Name),
                    SymbolNames.Annotate(parameter.Type),
                    parameter.IsParams,
                    KnownTypes.IsImmutable(parameter.Type),
                    KnownTypes.Is(parameter.Type, KnownTypes.CancellationToken)));
            }

            var options = new List<string>();
            if (KnownTypes.HasAttribute(method, KnownTypes.ReadOnlyAttribute))
            {
                options.Add("ReadOnly");
            }

            if (KnownTypes.HasAttribute(method, KnownTypes.AlwaysInterleaveAttribute))
            {
                options.Add("AlwaysInterleave");
            }

            if (KnownTypes.HasAttribute(method, KnownTypes.OneWayAttribute))
            {
                options.Add("OneWay");
                if (returnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
                {
                    errors.Add(DiagnosticInfo.Create(
                        Diagnostics.OneWayWithResult, location, methodName, method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
                }
            }

            if (errors.Count > 0 || returnKind is null)
            {
                return null;
            }

            var resultType = returnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT
                ? SymbolNames.Annotate(((INamedTypeSymbol)method.ReturnType).TypeArguments[0])
                : "object?";
            return new GrainMethodModel(
                SymbolNames.EscapeIdentifier(method.Name),
                method.Name,
                SymbolNames.Name(declaring),
                returnKind.Value,
                SymbolNames.Annotate(method.ReturnType),
                resultType,
                new EquatableArray<MethodParameterModel>(parameters),
                options.Count == 0 ? null : string.Join(" | ", options.Select(o => "global::Granary.Invocation.InvokeMethodOptions." + o)),
                $"Request_{proxyName.Substring("Proxy_".Length)}_{SymbolNames.Sanitize(method.Name)}_{index}",
                WireIds.Hash(MethodKey(method, declaring)));
        }

        // The declaring interface keeps methods of two base interfaces with one signature apart; [Alias] survives renames.
        private static string MethodKey(IMethodSymbol method, INamedTypeSymbol declaring)
        {
            var signature = KnownTypes.Alias(method)
                ?? method.Name + "(" + string.Join(",", method.Parameters.Select(p => SymbolNames.Name(p.Type).Replace("global::", string.Empty))) + ")";
            return KnownTypes.StableName(declaring) + ":" + signature;
        }

        private static ReturnKind? ClassifyReturn(ITypeSymbol type)
        {
            if (KnownTypes.Is(type, KnownTypes.Task))
            {
                return ReturnKind.Task;
            }

            if (KnownTypes.Is(type, KnownTypes.TaskOfT))
            {
                return ReturnKind.TaskOfT;
            }

            if (KnownTypes.Is(type, KnownTypes.ValueTask))
            {
                return ReturnKind.ValueTask;
            }

            return KnownTypes.Is(type, KnownTypes.ValueTaskOfT) ? ReturnKind.ValueTaskOfT : null;
        }
    }
}
