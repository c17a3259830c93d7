using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Granary.CodeGenerator.Tests.Infrastructure;

/// <summary>Runs <see cref="GranaryGenerator"/> over in-memory sources with CSharpGeneratorDriver.</summary>
public static class GeneratorHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // The framework plus the packages this test project runs with (Granary.Abstractions, DI, logging);
    // this assembly is left out so its Sample grains do not leak into the sources under test.
    private static readonly Lazy<ImmutableArray<MetadataReference>> DefaultReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !Path.GetFileName(path).StartsWith("Granary.CodeGenerator", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    public static CSharpCompilation CreateCompilation(string source, string assemblyName = "My.App", params MetadataReference[] extraReferences) =>
        CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Input.cs")],
            DefaultReferences.Value.AddRange(extraReferences),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorRun Run(string source, params MetadataReference[] extraReferences) =>
        Run(CreateCompilation(source, extraReferences: extraReferences));

    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver.GetRunResult(), output, diagnostics);
    }

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new GranaryGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Compiles a source into an in-memory assembly, for types that must come from another assembly.</summary>
    public static MetadataReference CompileLibrary(string source, string assemblyName)
    {
        var compilation = CreateCompilation(source, assemblyName);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}

/// <summary>What one generator run produced.</summary>
public sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IEnumerable<Diagnostic> OutputErrorsAndWarnings =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);

    public IEnumerable<string> GeneratedFileNames => Result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath));

    public string Generated(string fileName) =>
        Result.GeneratedTrees.Single(t => Path.GetFileName(t.FilePath) == fileName).ToString();
}
