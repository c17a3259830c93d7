using Granary.CodeGenerator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Granary.CodeGenerator.Tests.Driver;

/// <summary>Each unsupported shape is reported once, where it is written, with a message naming it, and nothing cascades.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Granary;
        using Granary.Concurrency;
        using Granary.Serialization;

        namespace My;

        """;

    [Fact]
    public void GRAIN001_non_awaitable_return_type()
    {
        AssertSingle(
            "public interface IFoo : IGrainWithStringKey { int Bar(); }",
            "GRAIN001",
            "Grain interface method 'IFoo.Bar' returns 'int'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.",
            "Bar");
    }

    [Fact]
    public void GRAIN001_void_return_type()
    {
        AssertSingle(
            "public interface IFoo : IGrainWithGuidKey { Task Ok(); void Bar(string s); }",
            "GRAIN001",
            "Grain interface method 'IFoo.Bar' returns 'void'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.",
            "Bar");
    }

    [Theory]
    [InlineData("ref int x", "'ref'")]
    [InlineData("out int x", "'out'")]
    [InlineData("in int x", "'in'")]
    [InlineData("ref readonly int x", "'ref readonly'")]
    [InlineData("System.Span<int> x", "a ref struct")]
    public void GRAIN002_by_reference_parameter(string parameter, string kind)
    {
        AssertSingle(
            $"public interface IFoo : IGrainWithStringKey {{ Task Bar(string ok, {parameter}); }}",
            "GRAIN002",
            $"Parameter 'x' of grain interface method 'IFoo.Bar' is {kind}; grain method parameters must be passed by value.",
            "x");
    }

    [Fact]
    public void GRAIN003_generic_method()
    {
        AssertSingle(
            "public interface IFoo : IGrainWithStringKey { Task<T> Bar<T>(T value); }",
            "GRAIN003",
            "Grain interface method 'IFoo.Bar' is generic; generic grain methods are not supported.",
            "Bar");
    }

    [Theory]
    [InlineData("int Count { get; }", "property", "Count")]
    [InlineData("string this[int i] { get; }", "indexer", "this[]")]
    [InlineData("event System.EventHandler Changed;", "event", "Changed")]
    public void GRAIN004_non_method_member(string member, string kind, string name)
    {
        var (diagnostic, run) = AssertSingle(
            $"public interface IFoo : IGrainWithStringKey {{ {member} }}",
            "GRAIN004",
            $"Grain interface 'IFoo' declares the {kind} '{name}'; grain interfaces may only declare methods.",
            location: null);
        Assert.Contains(name == "this[]" ? "this" : name, Text(diagnostic, run));
    }

    [Fact]
    public void GRAIN005_generic_interface()
    {
        AssertSingle(
            "public interface IFoo<T> : IGrainWithStringKey { Task<T> Get(); }",
            "GRAIN005",
            "Grain interface 'IFoo<T>' is generic; generic grain interfaces are not supported yet.",
            "IFoo");
    }

    [Theory]
    [InlineData("Task<int>", "Task<int>")]
    [InlineData("ValueTask<string>", "ValueTask<string>")]
    public void GRAIN006_one_way_with_result(string returnType, string shown)
    {
        AssertSingle(
            $"public interface IFoo : IGrainWithStringKey {{ [OneWay] {returnType} Bar(); [OneWay] Task Fine(); }}",
            "GRAIN006",
            $"Grain interface method 'IFoo.Bar' is [OneWay] but returns '{shown}'; one-way methods must return Task or ValueTask.",
            "Bar");
    }

    [Fact]
    public void GRAIN007_grain_class_without_public_constructor()
    {
        AssertSingle(
            "public sealed class FooGrain : Grain { private FooGrain() { } internal FooGrain(int x) { } }",
            "GRAIN007",
            "Grain class 'FooGrain' has no public constructor; the runtime can only create grains through a public constructor.",
            "FooGrain");
    }

    [Fact]
    public void GRAIN008_base_type_from_another_assembly()
    {
        AssertSingle(
            "[GenerateSerializer] public sealed class Failure : System.Exception { }",
            "GRAIN008",
            "No copier can be generated for 'Failure': its base type 'Exception' is declared in another assembly, whose private fields cannot be seen.",
            "Failure");
    }

    [Fact]
    public void GRAIN008_captured_primary_constructor_parameter()
    {
        AssertSingle(
            "[GenerateSerializer] public sealed class Bag(System.Collections.Generic.List<int> items) { public int Count => items.Count; }",
            "GRAIN008",
            "No copier can be generated for 'Bag': primary constructor parameter 'items' is captured into a hidden field; assign it to a field or property instead.",
            "Bag");
    }

    [Fact]
    public void GRAIN008_not_reported_for_primary_constructor_parameter_used_only_in_initializers()
    {
        var run = Run(Usings + "[GenerateSerializer] public sealed class Bag(System.Collections.Generic.List<int> items) { public System.Collections.Generic.List<int> Items { get; } = items; }");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Copier_My_Bag.g.cs", run.GeneratedFileNames);
    }

    [Fact]
    public void GRAIN008_ref_struct()
    {
        AssertSingle(
            "[GenerateSerializer] public ref struct Window { public int Start; }",
            "GRAIN008",
            "No copier can be generated for 'Window': ref structs cannot be passed to or returned from grain calls.",
            "Window");
    }

    [Theory]
    [InlineData("private interface IHidden : IGrainWithStringKey { Task Ping(); }", "Grain interface", "Outer.IHidden", "IHidden")]
    [InlineData("protected sealed class HiddenGrain : Grain { }", "Grain class", "Outer.HiddenGrain", "HiddenGrain")]
    [InlineData("[GenerateSerializer] private sealed class Hidden { public System.Collections.Generic.List<int> X = new(); }", "Serializable type", "Outer.Hidden", "Hidden")]
    public void GRAIN009_inaccessible_type(string member, string kind, string name, string location)
    {
        AssertSingle(
            $"public class Outer {{ {member} }}",
            "GRAIN009",
            $"{kind} '{name}' is private or protected; generated code in the same assembly must be able to reference it.",
            location);
    }

    [Fact]
    public void Invalid_interface_gets_no_proxy_and_reports_every_problem()
    {
        var run = Run(Usings + """
            public interface IFoo : IGrainWithStringKey
            {
                int Bar();
                Task Baz<T>();
                Task Good();
            }
            """);

        Assert.Equal(["GRAIN001", "GRAIN003"], run.GeneratorDiagnostics.Select(d => d.Id).Order());
        Assert.DoesNotContain(run.GeneratedFileNames, name => name.StartsWith("Proxy_", StringComparison.Ordinal));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Errors_in_a_base_interface_from_another_assembly_are_reported_on_the_derived_interface()
    {
        var library = GeneratorHarness.CompileLibrary(
            "namespace Lib; public interface IRemote : Granary.IGrainWithStringKey { int Broken(); }", "Lib");

        var run = Run(Usings + "public interface IFoo : Lib.IRemote { Task Fine(); }", library);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GRAIN001", diagnostic.Id);
        Assert.Contains("'IRemote.Broken'", diagnostic.GetMessage());
        Assert.Equal("IFoo", Text(diagnostic, run));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Errors_in_a_base_interface_of_this_compilation_are_reported_once()
    {
        var run = Run(Usings + """
            public interface IBase : IGrainWithStringKey { int Broken(); }
            public interface IDerived : IBase { Task Fine(); }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("Broken", Text(diagnostic, run));
        Assert.DoesNotContain(run.GeneratedFileNames, name => name.StartsWith("Proxy_", StringComparison.Ordinal));
    }

    private static (Diagnostic Diagnostic, GeneratorRun Run) AssertSingle(string declarations, string id, string message, string? location)
    {
        var run = Run(Usings + declarations);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage());
        // Generators report locations as file path + span (no syntax tree), so they survive caching.
        Assert.Equal("Input.cs", diagnostic.Location.GetLineSpan().Path);
        if (location is not null)
        {
            Assert.Equal(location, Text(diagnostic, run));
        }

        // The user sees only the generator's error: the output compiles (CS8345 etc. belong to the user's own code).
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path != "Input.cs"));
        return (diagnostic, run);
    }

    // The text a diagnostic points at. Generators report a file path and span (no syntax tree, so the
    // diagnostic can be cached), so the span is read from the one input file.
    private static string Text(Diagnostic diagnostic, GeneratorRun run) =>
        run.Output.SyntaxTrees.First().GetText().ToString(diagnostic.Location.SourceSpan);

    private static GeneratorRun Run(string source, params MetadataReference[] references) =>
        GeneratorHarness.Run(source, references);
}
