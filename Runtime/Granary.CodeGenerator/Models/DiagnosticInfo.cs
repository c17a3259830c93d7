using System.Linq;
using Microsoft.CodeAnalysis;

namespace Granary.CodeGenerator.Models
{
    /// <summary>A diagnostic to report later, held as plain data (descriptors are static singletons).</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
            new(descriptor, LocationInfo.From(location), new EquatableArray<string>(arguments));

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
    }
}
