using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Granary.CodeGenerator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Granary.CodeGenerator.Parsing
{
    /// <summary>Turns a [GenerateSerializer] type into the list of fields its copier must deep-copy.</summary>
    internal static class SerializableTypeParser
    {
        public static ParseResult<CopierModel>? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type
                || type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
                || type.IsStatic
                || type.IsAbstract)
            {
                // Enums are immutable and need no copier; abstract classes are copied by their concrete subclasses.
                return null;
            }

            var location = (context.TargetNode as BaseTypeDeclarationSyntax)?.Identifier.GetLocation() ?? context.TargetNode.GetLocation();
            var name = SymbolNames.ForMessage(type);
            if (!SymbolNames.IsAccessibleFromAssembly(type))
            {
                return Error(DiagnosticInfo.Create(Diagnostics.Inaccessible, location, "Serializable type", name));
            }

            var unsupported = FindUnsupportedShape(type, context.SemanticModel, cancellationToken);
            if (unsupported is not null)
            {
                return Error(DiagnosticInfo.Create(Diagnostics.UnsupportedSerializableType, location, name, unsupported));
            }

            var copierName = "Copier_" + SymbolNames.Identifier(type);
            var fields = new List<CopiedFieldModel>();
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                // A base type's fields are accessed through the base type, as it is seen from this type (Base<T> or Base<int>).
                var declaringType = SymbolNames.Name(current);
                var isGenericBase = !SymbolEqualityComparer.Default.Equals(current, type) && current.TypeArguments.Length > 0;
                foreach (var member in current.GetMembers())
                {
                    if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && !KnownTypes.IsImmutable(field.Type))
                    {
                        if (field.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                        {
                            return Error(DiagnosticInfo.Create(
                                Diagnostics.UnsupportedSerializableType, location, name, $"field '{field.Name}' is a pointer"));
                        }

                        var accessor = isGenericBase ? BaseAccessor(copierName, current, field) : null;
                        fields.Add(new CopiedFieldModel(field.Name, SymbolNames.Annotate(field.Type), declaringType, accessor));
                    }
                }
            }

            var isGeneric = type.TypeParameters.Length > 0;
            var model = new CopierModel(
                SymbolNames.Name(type),
                copierName,
                type.IsValueType,
                isGeneric ? "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">" : string.Empty,
                isGeneric ? Constraints(type.TypeParameters) : string.Empty,
                isGeneric ? OpenTypeName(type) : null,
                new EquatableArray<CopiedFieldModel>(fields));
            return new ParseResult<CopierModel>(model, EquatableArray<DiagnosticInfo>.Empty);
        }

        private static string? FindUnsupportedShape(INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (type.IsRefLikeType)
            {
                return "ref structs cannot be passed to or returned from grain calls";
            }

            if (type.ContainingType is not null && SymbolNames.IsOrIsNestedInGeneric(type.ContainingType))
            {
                return "types nested in generic types are not supported";
            }

            for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
            {
                if (type.IsValueType)
                {
                    break;
                }

                if (!baseType.Locations.Any(l => l.IsInSource))
                {
                    return $"its base type '{SymbolNames.ForMessage(baseType)}' is declared in another assembly, whose private fields cannot be seen";
                }
            }

            return FindCapturedPrimaryConstructorParameter(type, semanticModel, cancellationToken) is { } captured
                ? $"primary constructor parameter '{captured}' is captured into a hidden field; assign it to a field or property instead"
                : null;
        }

        // Non-record primary constructor parameters used inside members become unnamed compiler fields
        // that no symbol exposes, so they could not be copied.
        private static string? FindCapturedPrimaryConstructorParameter(
            INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (type.IsRecord)
            {
                return null;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax { ParameterList.Parameters.Count: > 0 } declaration
                    || declaration.SyntaxTree != semanticModel.SyntaxTree)
                {
                    continue;
                }

                var names = new HashSet<string>(declaration.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
                foreach (var member in declaration.Members)
                {
                    var bodies = member switch
                    {
                        BaseMethodDeclarationSyntax method => new SyntaxNode?[] { method.Body, method.ExpressionBody },
                        PropertyDeclarationSyntax property => new SyntaxNode?[] { property.AccessorList, property.ExpressionBody },
                        IndexerDeclarationSyntax indexer => new SyntaxNode?[] { indexer.AccessorList, indexer.ExpressionBody },
                        EventDeclarationSyntax @event => new SyntaxNode?[] { @event.AccessorList },
                        _ => new SyntaxNode?[0],
                    };
                    foreach (var identifier in bodies.Where(b => b is not null).SelectMany(b => b!.DescendantNodes().OfType<IdentifierNameSyntax>()))
                    {
                        if (names.Contains(identifier.Identifier.ValueText)
                            && semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } parameter
                            && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.ContainingType, type))
                        {
                            return parameter.Name;
                        }
                    }
                }
            }

            return null;
        }

        private static GenericBaseAccessorModel BaseAccessor(string copierName, INamedTypeSymbol baseType, IFieldSymbol field)
        {
            var definition = baseType.OriginalDefinition;
            return new GenericBaseAccessorModel(
                copierName + "_" + SymbolNames.Identifier(definition),
                "<" + string.Join(", ", definition.TypeParameters.Select(p => p.Name)) + ">",
                Constraints(definition.TypeParameters),
                "<" + string.Join(", ", baseType.TypeArguments.Select(SymbolNames.Annotate)) + ">",
                SymbolNames.Name(definition),
                SymbolNames.Annotate(field.OriginalDefinition.Type));
        }

        private static string OpenTypeName(INamedTypeSymbol type)
        {
            var closed = SymbolNames.Name(type.ConstructUnboundGenericType());
            return closed;
        }

        private static string Constraints(IEnumerable<ITypeParameterSymbol> parameters)
        {
            var clauses = new List<string>();
            foreach (var parameter in parameters)
            {
                var constraints = new List<string>();
                if (parameter.HasUnmanagedTypeConstraint)
                {
                    constraints.Add("unmanaged");
                }
                else if (parameter.HasValueTypeConstraint)
                {
                    constraints.Add("struct");
                }
                else if (parameter.HasReferenceTypeConstraint)
                {
                    constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
                }
                else if (parameter.HasNotNullConstraint)
                {
                    constraints.Add("notnull");
                }

                constraints.AddRange(parameter.ConstraintTypes.Select(SymbolNames.Annotate));
                if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
                {
                    constraints.Add("new()");
                }

                if (constraints.Count > 0)
                {
                    clauses.Add($"where {parameter.Name} : {string.Join(", ", constraints)}");
                }
            }

            return string.Join(" ", clauses);
        }

        private static ParseResult<CopierModel> Error(DiagnosticInfo diagnostic) =>
            new(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
    }
}
