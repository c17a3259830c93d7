using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Granary.CodeGenerator
{
    /// <summary>How symbols are written into generated code and into generated identifiers.</summary>
    internal static class SymbolNames
    {
        /// <summary>global::-qualified, keywords for special types, '?' on nullable reference types (signatures, fields).</summary>
        public static readonly SymbolDisplayFormat Annotated = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>global::-qualified without reference-type annotations (typeof, casts, type arguments).</summary>
        public static readonly SymbolDisplayFormat Plain = SymbolDisplayFormat.FullyQualifiedFormat;

        public static string Annotate(ITypeSymbol type) => type.ToDisplayString(Annotated);

        public static string Name(ITypeSymbol type) => type.ToDisplayString(Plain);

        /// <summary>The C#-style name used in diagnostic messages, e.g. "My.IHello.SayHello".</summary>
        public static string ForMessage(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

        /// <summary>"My.Outer.IHello" becomes "My_Outer_IHello": unique per type and a valid identifier.</summary>
        public static string Identifier(INamedTypeSymbol type)
        {
            var builder = new StringBuilder();
            var ns = type.ContainingNamespace;
            if (ns is { IsGlobalNamespace: false })
            {
                builder.Append(ns.ToDisplayString()).Append('.');
            }

            AppendContainingTypes(builder, type);
            builder.Append(type.Name);
            if (type.Arity > 0)
            {
                builder.Append('_').Append(type.Arity);
            }

            return Sanitize(builder.ToString());
        }

        /// <summary>Replaces every character that is not valid in an identifier with '_'.</summary>
        public static string Sanitize(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return "_";
            }

            var builder = new StringBuilder(text!.Length + 1);
            foreach (var c in text)
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            }

            if (char.IsDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            return builder.ToString();
        }

        /// <summary>Escapes keywords used as parameter names ("class" becomes "@class").</summary>
        public static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
                ? "@" + name
                : name;

        /// <summary>Whether code elsewhere in the same assembly can name the type (no private/protected nesting, not file-local).</summary>
        public static bool IsAccessibleFromAssembly(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (current.IsFileLocal)
                {
                    return false;
                }

                switch (current.DeclaredAccessibility)
                {
                    case Accessibility.Public:
                    case Accessibility.Internal:
                    case Accessibility.ProtectedOrInternal:
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>Whether the type or any type containing it has type parameters.</summary>
        public static bool IsOrIsNestedInGeneric(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (current.TypeParameters.Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether this node is the first declaration of a (possibly partial) type that has a base list, so each
        /// type is handled once by the syntax providers, which only look at declarations with a base list.
        /// </summary>
        public static bool IsFirstDeclarationWithBaseList(ISymbol symbol, SyntaxNode node, CancellationToken cancellationToken)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is BaseTypeDeclarationSyntax { BaseList: not null } declaration)
                {
                    return declaration == node;
                }
            }

            return false;
        }

        private static void AppendContainingTypes(StringBuilder builder, INamedTypeSymbol type)
        {
            if (type.ContainingType is { } containing)
            {
                AppendContainingTypes(builder, containing);
                builder.Append(containing.Name).Append('.');
            }
        }
    }
}
