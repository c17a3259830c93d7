namespace Granary.CodeGenerator.Emitters
{
    /// <summary>Names shared by the emitters.</summary>
    internal static class GeneratedNames
    {
        public const string ManifestProvider = "GranaryManifestProvider";
        public const string CopierHelpers = "CopierHelpers";

        public static string Namespace(string? assemblyName) => "Granary.Generated." + SymbolNames.Sanitize(assemblyName);
    }
}
