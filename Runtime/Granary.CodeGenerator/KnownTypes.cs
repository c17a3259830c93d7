using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Granary.CodeGenerator
{
    /// <summary>Metadata names of the types the generator recognises, and the immutability rules for copying.</summary>
    internal static class KnownTypes
    {
        public const string IGrain = "Granary.IGrain";
        public const string IAddressable = "Granary.IAddressable";
        public const string Grain = "Granary.Grain";
        public const string GrainReference = "Granary.Invocation.GrainReference";
        public const string GenerateSerializerAttribute = "Granary.Serialization.GenerateSerializerAttribute";
        public const string IdAttribute = "Granary.Serialization.IdAttribute";
        public const string AliasAttribute = "Granary.Serialization.AliasAttribute";
        public const string CancellationToken = "System.Threading.CancellationToken";
        public const string ImmutableAttribute = "Granary.Serialization.ImmutableAttribute";
        public const string ImmutableOfT = "Granary.Serialization.Immutable`1";
        public const string OneWayAttribute = "Granary.Concurrency.OneWayAttribute";
        public const string ReadOnlyAttribute = "Granary.Concurrency.ReadOnlyAttribute";
        public const string AlwaysInterleaveAttribute = "Granary.Concurrency.AlwaysInterleaveAttribute";
        public const string PersistentStateAttribute = "Granary.Runtime.PersistentStateAttribute";
        public const string IPersistentStateOfT = "Granary.Runtime.IPersistentState`1";
        public const string IGrainContext = "Granary.Runtime.IGrainContext";
        public const string ActivatorUtilitiesConstructorAttribute = "Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute";
        public const string FromKeyedServicesAttribute = "Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute";
        public const string Task = "System.Threading.Tasks.Task";
        public const string TaskOfT = "System.Threading.Tasks.Task`1";
        public const string ValueTask = "System.Threading.Tasks.ValueTask";
        public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";

        // Grain key kinds: they carry no methods and never get proxies of their own.
        private static readonly HashSet<string> KeyMarkers = new()
        {
            "Granary.IGrain",
            "Granary.IGrainWithStringKey",
            "Granary.IGrainWithGuidKey",
            "Granary.IGrainWithIntegerKey",
            "Granary.IGrainWithGuidCompoundKey",
            "Granary.IGrainWithIntegerCompoundKey",
            "Granary.IAddressable",
        };

        // Types whose instances cannot change once made, so passing them by reference is a valid copy.
        private static readonly HashSet<string> ImmutableTypes = new()
        {
            "System.Guid",
            "System.DateTime",
            "System.DateTimeOffset",
            "System.TimeSpan",
            "System.DateOnly",
            "System.TimeOnly",
            "System.Uri",
            "System.Version",
            "System.Type",
            "System.Half",
            "System.Int128",
            "System.UInt128",
            "System.Numerics.BigInteger",
            "System.Threading.CancellationToken",
            "Granary.GrainId",
            "Granary.GrainType",
        };

        /// <summary>"Namespace.Outer+Inner`1" style name, comparable with the constants above.</summary>
        public static string MetadataName(ITypeSymbol type)
        {
            if (type.ContainingType is { } containing)
            {
                return MetadataName(containing) + "+" + type.MetadataName;
            }

            var ns = type.ContainingNamespace;
            return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
        }

        public static bool Is(ITypeSymbol? type, string metadataName) =>
            type is not null && MetadataName(type.OriginalDefinition) == metadataName;

        public static bool HasAttribute(ISymbol symbol, string attributeMetadataName) =>
            symbol.GetAttributes().Any(a => Is(a.AttributeClass, attributeMetadataName));

        public static AttributeData? FindAttribute(ISymbol symbol, string attributeMetadataName) =>
            symbol.GetAttributes().FirstOrDefault(a => Is(a.AttributeClass, attributeMetadataName));

        /// <summary>The [Alias] of a type or method, or null.</summary>
        public static string? Alias(ISymbol symbol) =>
            FindAttribute(symbol, AliasAttribute) is { ConstructorArguments.Length: 1 } alias && alias.ConstructorArguments[0].Value is string value
                ? value
                : null;

        /// <summary>The stable wire name of a type: its [Alias] or its full metadata name (as Type.FullName spells it).</summary>
        public static string StableName(INamedTypeSymbol type) => Alias(type) ?? MetadataName(type);

        public static bool IsKeyMarker(INamedTypeSymbol type) => KeyMarkers.Contains(MetadataName(type));

        /// <summary>An interface that extends IGrain, directly or through other interfaces.</summary>
        public static bool IsGrainInterface(INamedTypeSymbol type) =>
            type.TypeKind == TypeKind.Interface && type.AllInterfaces.Any(i => Is(i, IGrain));

        public static bool DerivesFrom(INamedTypeSymbol type, string baseMetadataName)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (Is(current, baseMetadataName))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether values of this static type never need copying.</summary>
        public static bool IsImmutable(ITypeSymbol type) => IsImmutable(type, depth: 0);

        private static bool IsImmutable(ITypeSymbol type, int depth)
        {
            if (depth > 8)
            {
                return false; // deeply nested or recursive structs: copying is always safe
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_String:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                case SpecialType.System_DateTime:
                    return true;
                case SpecialType.System_Nullable_T:
                    return false;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            if (type is not INamedTypeSymbol named)
            {
                return false; // arrays, type parameters, pointers
            }

            var name = MetadataName(named.OriginalDefinition);
            if (ImmutableTypes.Contains(name) || name == ImmutableOfT || HasAttribute(named.OriginalDefinition, ImmutableAttribute))
            {
                return true;
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return IsImmutable(named.TypeArguments[0], depth + 1);
            }

            // Grain references: a proxy is an id plus a runtime, both immutable.
            if (named.TypeKind == TypeKind.Interface && (name == IAddressable || named.AllInterfaces.Any(i => Is(i, IAddressable))))
            {
                return true;
            }

            if (named.TypeKind == TypeKind.Class && (name == GrainReference || DerivesFrom(named, GrainReference)))
            {
                return true;
            }

            return IsImmutableSourceStruct(named, depth);
        }

        // A readonly struct declared in source whose every field is immutable. Only source types: metadata hides private fields.
        private static bool IsImmutableSourceStruct(INamedTypeSymbol type, int depth)
        {
            if (type.TypeKind != TypeKind.Struct || !type.IsReadOnly || !type.Locations.Any(l => l.IsInSource))
            {
                return false;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && !IsImmutable(field.Type, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
