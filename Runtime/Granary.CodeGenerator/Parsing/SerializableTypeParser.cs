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

            var diagnostics = new List<DiagnosticInfo>();
            var members = ParseSerializedMembers(type, copierName.Replace("Copier_", "Codec_"), location, diagnostics);
            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                return new ParseResult<CopierModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));
            }

            var isGeneric = type.TypeParameters.Length > 0;
            var model = new CopierModel(
                SymbolNames.Name(type),
                copierName,
                type.IsValueType,
                isGeneric ? "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">" : string.Empty,
                isGeneric ? Constraints(type.TypeParameters) : string.Empty,
                isGeneric ? OpenTypeName(type) : null,
                new EquatableArray<CopiedFieldModel>(fields),
                members is null ? null : copierName.Replace("Copier_", "Codec_"),
                new EquatableArray<SerializedMemberModel>(members ?? new List<SerializedMemberModel>()),
                !type.IsValueType && type.InstanceConstructors.Any(c => c.Parameters.Length == 0
                    && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal));
            return new ParseResult<CopierModel>(model, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        /// <summary>
        /// The fields the wire codec serializes: those with [Id], auto-properties with [Id] (through their backing
        /// field) and record positional parameters with [Id]. Returns null (no codec) when the type has state but no
        /// member has an [Id]: such a type is only copied, and serializing it fails with a message saying why.
        /// </summary>
        private static List<SerializedMemberModel>? ParseSerializedMembers(
            INamedTypeSymbol type, string codecName, Location location, List<DiagnosticInfo> diagnostics)
        {
            var members = new List<SerializedMemberModel>();
            var withoutId = new List<(ISymbol Member, INamedTypeSymbol Owner)>();
            var owners = new Dictionary<uint, string>();
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                var declaringType = SymbolNames.Name(current);
                var isGenericBase = !SymbolEqualityComparer.Default.Equals(current, type) && current.TypeArguments.Length > 0;
                var primaryParameters = PrimaryConstructorParameters(current);
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false } property && KnownTypes.HasAttribute(property, KnownTypes.IdAttribute)
                        && !current.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            Diagnostics.IdOnComputedProperty, property.Locations.FirstOrDefault() ?? location, property.Name, SymbolNames.ForMessage(type)));
                        continue;
                    }

                    if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                    {
                        continue;
                    }

                    var named = field.AssociatedSymbol ?? field;
                    var id = IdOf(named) ?? (field.AssociatedSymbol is IPropertySymbol backed && primaryParameters.TryGetValue(backed.Name, out var parameter)
                        ? IdOf(parameter)
                        : null);
                    if (id is null)
                    {
                        if (!field.IsImplicitlyDeclared || field.AssociatedSymbol is not null)
                        {
                            if (!field.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.NonSerializedAttribute"))
                            {
                                withoutId.Add((named, current));
                            }
                        }

                        continue;
                    }

                    if (owners.TryGetValue(id.Value, out var other))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            Diagnostics.DuplicateId, named.Locations.FirstOrDefault() ?? location,
                            SymbolNames.ForMessage(type), id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), other, named.Name));
                        continue;
                    }

                    owners[id.Value] = named.Name;
                    var accessor = isGenericBase ? BaseAccessor(codecName, current, field) : null;
                    members.Add(new SerializedMemberModel(id.Value, field.Name, SymbolNames.Annotate(field.Type), declaringType, accessor));
                }
            }

            if (members.Count == 0)
            {
                return withoutId.Count == 0 ? members : null;
            }

            foreach (var (member, owner) in withoutId)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    Diagnostics.MemberWithoutId, member.Locations.FirstOrDefault(l => l.IsInSource) ?? location, member.Name, SymbolNames.ForMessage(type)));
            }

            members.Sort((a, b) => a.Id.CompareTo(b.Id));
            return members;
        }

        private static uint? IdOf(ISymbol symbol) =>
            KnownTypes.FindAttribute(symbol, KnownTypes.IdAttribute) is { ConstructorArguments.Length: 1 } attribute
                && attribute.ConstructorArguments[0].Value is uint id
                ? id
                : null;

        // Record positional parameters: Orleans users write [Id(n)] on the parameter itself.
        private static Dictionary<string, IParameterSymbol> PrimaryConstructorParameters(INamedTypeSymbol type)
        {
            var result = new Dictionary<string, IParameterSymbol>();
            if (!type.IsRecord)
            {
                return result;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is TypeDeclarationSyntax)
                    {
                        foreach (var parameter in constructor.Parameters)
                        {
                            result[parameter.Name] = parameter;
                        }
                    }
                }
            }

            return result;
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
