using Microsoft.CodeAnalysis;

namespace Granary.CodeGenerator
{
    /// <summary>The generator's diagnostics. All are errors: the shapes they report cannot be called remotely.</summary>
    internal static class Diagnostics
    {
        private const string Category = "Granary";

        public static readonly DiagnosticDescriptor InvalidReturnType = Error(
            "GRAIN001",
            "Grain method has an unsupported return type",
            "Grain interface method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.");

        public static readonly DiagnosticDescriptor ByRefParameter = Error(
            "GRAIN002",
            "Grain method has a by-reference parameter",
            "Parameter '{1}' of grain interface method '{0}' is {2}; grain method parameters must be passed by value.");

        public static readonly DiagnosticDescriptor GenericMethod = Error(
            "GRAIN003",
            "Generic grain methods are not supported",
            "Grain interface method '{0}' is generic; generic grain methods are not supported.");

        public static readonly DiagnosticDescriptor NonMethodMember = Error(
            "GRAIN004",
            "Grain interfaces may only declare methods",
            "Grain interface '{0}' declares the {1} '{2}'; grain interfaces may only declare methods.");

        public static readonly DiagnosticDescriptor GenericInterface = Error(
            "GRAIN005",
            "Generic grain interfaces are not supported",
            "Grain interface '{0}' is generic; generic grain interfaces are not supported yet.");

        public static readonly DiagnosticDescriptor OneWayWithResult = Error(
            "GRAIN006",
            "[OneWay] method returns a value",
            "Grain interface method '{0}' is [OneWay] but returns '{1}'; one-way methods must return Task or ValueTask.");

        public static readonly DiagnosticDescriptor NoPublicConstructor = Error(
            "GRAIN007",
            "Grain class has no public constructor",
            "Grain class '{0}' has no public constructor; the runtime can only create grains through a public constructor.");

        public static readonly DiagnosticDescriptor UnsupportedSerializableType = Error(
            "GRAIN008",
            "Unsupported [GenerateSerializer] type",
            "No copier can be generated for '{0}': {1}.");

        public static readonly DiagnosticDescriptor Inaccessible = Error(
            "GRAIN009",
            "Type is not accessible to generated code",
            "{0} '{1}' is private or protected; generated code in the same assembly must be able to reference it.");

        public static readonly DiagnosticDescriptor DuplicateId = Error(
            "GRAIN010",
            "Duplicate serialization [Id]",
            "'{0}' uses [Id({1})] for both '{2}' and '{3}'; every serialized member of a type and its base types needs its own id");

        public static readonly DiagnosticDescriptor MemberWithoutId = new(
            "GRAIN011",
            "Member of a serializable type has no [Id]",
            "'{0}' of '{1}' has no [Id] and is not sent over the wire, while other members are; give it an [Id] or mark the field [NonSerialized]",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor IdOnComputedProperty = Error(
            "GRAIN012",
            "[Id] on a property without a backing field",
            "Property '{0}' of '{1}' has an [Id] but is not an auto-property; put the [Id] on the field that stores its value");

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
