using Granary.CodeGenerator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Granary.CodeGenerator.Tests.Driver;

/// <summary>Wire codecs and serializable requests: output shape, compilation, and the [Id] diagnostics GRAIN010-012.</summary>
public sealed class WireCodecGeneratorTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Granary;
        using Granary.Serialization;

        namespace My;

        """;

    [Fact]
    public void Codecs_for_classes_records_structs_generics_and_derived_types_compile_cleanly()
    {
        var run = Run("""
            [GenerateSerializer, Alias("customer")]
            public sealed class Customer
            {
                [Id(0)] public string Name { get; init; } = "";
                [Id(1)] private readonly List<int> _scores = new();
                [Id(3)] public int Age;
                [field: NonSerialized] public int Cached { get; set; }
            }

            [GenerateSerializer] public sealed record Order([Id(0)] string Id, [property: Id(1)] decimal Total);
            [GenerateSerializer] public record struct Point([Id(0)] int X, [Id(1)] int Y);
            [GenerateSerializer] public sealed class Box<T> where T : class { [Id(0)] public T? Value { get; set; } }
            [GenerateSerializer] public class Base<T> { [Id(0)] private T? _item; public T? Item { get => _item; set => _item = value; } }
            [GenerateSerializer] public sealed class Derived : Base<string> { [Id(1)] public int Extra { get; set; } }
            [GenerateSerializer] public abstract class Shape { [Id(0)] public string Name { get; set; } = ""; }
            [GenerateSerializer] public sealed class Empty { }
            [GenerateSerializer] public sealed class CopyOnly { public int Value { get; set; } }
            """);

        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.ToString()));
        Assert.Empty(run.OutputErrorsAndWarnings.Select(d => d.ToString()));
        Assert.Contains("Codec_My_Customer.g.cs", run.GeneratedFileNames);
        Assert.Contains("Codec_My_Box_1.g.cs", run.GeneratedFileNames);
        Assert.Contains("Codec_My_Empty.g.cs", run.GeneratedFileNames);
        Assert.DoesNotContain("Codec_My_Shape.g.cs", run.GeneratedFileNames);
        Assert.DoesNotContain("Codec_My_CopyOnly.g.cs", run.GeneratedFileNames);

        var customer = run.Generated("Codec_My_Customer.g.cs");
        Assert.Contains("writer.WriteField<string>(0u, Field0(value));", customer);
        Assert.Contains("case 3u:", customer);
        Assert.Contains("reader.SkipField(header);", customer);
        Assert.DoesNotContain("Cached", customer);
        Assert.Contains("Name = \"_scores\"", customer);

        var order = run.Generated("Codec_My_Order.g.cs");
        Assert.Contains("GetUninitializedObject", order);
        Assert.Contains("Name = \"<Total>k__BackingField\"", order);

        var manifest = run.Generated("GranaryManifestProvider.g.cs");
        Assert.Contains("manifest.AddCodec<global::My.Customer>(new Codec_My_Customer());", manifest);
        Assert.Contains("manifest.AddGenericCodec(typeof(global::My.Box<>), typeof(Codec_My_Box_1<>));", manifest);
    }

    [Fact]
    public void Requests_are_serializable_and_registered_by_interface_and_method_id()
    {
        var run = Run("""
            [Alias("hello")]
            public interface IHello : IGrainWithStringKey
            {
                Task<string> Say(string text, int times);
                [Alias("ping")] Task Ping(CancellationToken cancellationToken);
            }
            public interface IA : IGrainWithGuidKey { Task<int> Same(); }
            public interface IB : IGrainWithGuidKey { Task<int> Same(); }
            public interface IAB : IA, IB { }
            """);

        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.ToString()));
        Assert.Empty(run.OutputErrorsAndWarnings.Select(d => d.ToString()));
        var proxy = run.Generated("Proxy_My_IHello.g.cs");
        var interfaceId = Hex(Fnv("hello"));
        Assert.Contains("global::Granary.Serialization.ISerializableRequest", proxy);
        Assert.Contains($"public uint InterfaceId => {interfaceId};", proxy);
        Assert.Contains($"public uint MethodId => {Hex(Fnv("hello:Say(string,int)"))};", proxy);
        Assert.Contains($"public uint MethodId => {Hex(Fnv("hello:ping"))};", proxy);
        Assert.Contains("writer.WriteField<string>(0u, Arg0);", proxy);
        Assert.DoesNotContain("WriteField<global::System.Threading.CancellationToken>", proxy);

        var manifest = run.Generated("GranaryManifestProvider.g.cs");
        Assert.Contains($"manifest.AddInterfaceId(typeof(global::My.IHello), {interfaceId});", manifest);
        Assert.Contains($"manifest.AddRequestCodec({interfaceId}, {Hex(Fnv("hello:ping"))}, static () => new Request_My_IHello_Ping_1());", manifest);

        // Same signature on two base interfaces: the declaring interface keeps their method ids apart.
        var ab = run.Generated("Proxy_My_IAB.g.cs");
        Assert.Contains(Hex(Fnv("My.IA:Same()")), ab);
        Assert.Contains(Hex(Fnv("My.IB:Same()")), ab);
    }

    [Fact]
    public void GRAIN010_duplicate_id_including_base_types()
    {
        var run = Run("""
            [GenerateSerializer] public class Base { [Id(1)] public int A { get; set; } }
            [GenerateSerializer] public sealed class Thing : Base { [Id(0)] public int B; [Id(1)] public string C { get; set; } = ""; }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GRAIN010", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("'Thing' uses [Id(1)] for both 'C' and 'A'; every serialized member of a type and its base types needs its own id", diagnostic.GetMessage());
        Assert.Equal("A", Text(diagnostic, run));
    }

    [Fact]
    public void GRAIN011_member_without_id_beside_members_with_ids()
    {
        var run = Run("""
            [GenerateSerializer] public sealed class Thing { [Id(0)] public int A; public string Forgotten { get; set; } = ""; [NonSerialized] public int Skipped; }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GRAIN011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Forgotten' of 'Thing' has no [Id]", diagnostic.GetMessage());
        Assert.Equal("Forgotten", Text(diagnostic, run));
        Assert.Contains("Codec_My_Thing.g.cs", run.GeneratedFileNames);
    }

    [Fact]
    public void GRAIN012_id_on_a_computed_property()
    {
        var run = Run("""
            [GenerateSerializer] public sealed class Thing { private int _a; [Id(0)] public int A { get => _a; set => _a = value; } }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("GRAIN012", diagnostic.Id);
        Assert.Equal("Property 'A' of 'Thing' has an [Id] but is not an auto-property; put the [Id] on the field that stores its value", diagnostic.GetMessage());
        Assert.Equal("A", Text(diagnostic, run));
    }

    private static GeneratorRun Run(string declarations) => GeneratorHarness.Run(Usings + declarations);

    private static string Text(Diagnostic diagnostic, GeneratorRun run) =>
        run.Output.SyntaxTrees.First().GetText().ToString(diagnostic.Location.SourceSpan);

    private static string Hex(uint value) => "0x" + value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "u";

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
