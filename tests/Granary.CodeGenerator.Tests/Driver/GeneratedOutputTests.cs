using Granary.CodeGenerator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Granary.CodeGenerator.Tests.Driver;

/// <summary>Valid sources produce no diagnostics and output that compiles without errors or warnings.</summary>
public sealed class GeneratedOutputTests
{
    private const string ValidSource = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Granary;
        using Granary.Concurrency;
        using Granary.Runtime;
        using Granary.Serialization;
        using Microsoft.Extensions.DependencyInjection;

        namespace My.App;

        public interface IHello : IGrainWithStringKey
        {
            Task<string> SayHello(string greeting);
            ValueTask<int> Count();
            ValueTask Ping();
            Task Notify(Payload f);
            [ReadOnly, AlwaysInterleave] Task<string?> Maybe(string? value, CancellationToken cancellationToken = default);
            [OneWay] Task Fire(params int[] values);
            Task<int> Keywords(int @class, string @event = "e", Color color = Color.Green, decimal amount = 1.5m);
            Task<IHello> Self(IHello other, GrainId id, Immutable<List<int>> frozen, Guid? maybe);
            Task<Dictionary<string, List<Payload?>>> Nested(Dictionary<string, List<Payload?>> map);
        }

        public interface IA : IGrainWithGuidKey { Task<int> Same(); }
        public interface IB : IGrainWithGuidKey { Task<int> Same(); }
        public interface IAB : IA, IB { Task Own(); }

        public interface IWithDefault : IGrainWithIntegerKey
        {
            Task Abstract();
            Task Concrete() => Task.CompletedTask;
            static int Helper() => 1;
        }

        public static class Outer
        {
            public interface INested : IGrainWithIntegerCompoundKey { Task Go(); }
            internal sealed class NestedGrain : Grain, INested { public Task Go() => Task.CompletedTask; }
        }

        public enum Color { Red, Green }

        public sealed class State { public int Value { get; set; } }

        public sealed class HelloGrain : Grain, IHello
        {
            public HelloGrain(
                [PersistentState("s")] IPersistentState<State> state,
                [PersistentState("t", "store")] IPersistentState<List<int>> other,
                IGrainContext context,
                [FromKeyedServices("key")] IServiceProvider keyed,
                [FromKeyedServices(Color.Red)] IServiceProvider byEnum,
                IEnumerable<string> strings,
                int retries = 3,
                Color color = Color.Green,
                string? name = null,
                double ratio = 0.5)
            {
            }

            public Task<string> SayHello(string greeting) => Task.FromResult(greeting);
            public ValueTask<int> Count() => new(1);
            public ValueTask Ping() => default;
            public Task Notify(Payload f) => Task.CompletedTask;
            public Task<string?> Maybe(string? value, CancellationToken cancellationToken = default) => Task.FromResult(value);
            public Task Fire(params int[] values) => Task.CompletedTask;
            public Task<int> Keywords(int @class, string @event = "e", Color color = Color.Green, decimal amount = 1.5m) => Task.FromResult(@class);
            public Task<IHello> Self(IHello other, GrainId id, Immutable<List<int>> frozen, Guid? maybe) => Task.FromResult(other);
            public Task<Dictionary<string, List<Payload?>>> Nested(Dictionary<string, List<Payload?>> map) => Task.FromResult(map);
        }

        public abstract class BaseGrain : Grain { }
        public sealed class ChildGrain : BaseGrain, IAB
        {
            Task<int> IA.Same() => Task.FromResult(1);
            Task<int> IB.Same() => Task.FromResult(2);
            public Task Own() => Task.CompletedTask;
        }

        public class GenericGrain<T> : Grain { }

        [GenerateSerializer] public class Payload { private List<int> _items = new(); public Payload? Next { get; set; } public readonly Dictionary<string, int> Map = new(); public int Plain; public string Text { get; init; } = ""; }
        [GenerateSerializer] public sealed class Derived : Payload { private readonly int[] _numbers = Array.Empty<int>(); }
        [GenerateSerializer] public record Person(string Name, List<string> Tags);
        [GenerateSerializer] public record struct Pair(int A, List<int> B);
        [GenerateSerializer] public struct Mutable { public List<int>? Items; private Payload? _payload; }
        [GenerateSerializer] public readonly struct Frozen { public readonly int X; public readonly string Y; public Frozen(int x, string y) { X = x; Y = y; } }
        [GenerateSerializer] public sealed class Box<T> where T : class, new() { public T Value = new(); private List<T> _all = new(); }
        [GenerateSerializer] public sealed class Pair<TKey, TValue> where TKey : notnull { public Dictionary<TKey, TValue> Map = new(); }
        [GenerateSerializer] public sealed class Closed : GenericBase<List<int>> { }
        public class GenericBase<T> { private T? _value; public void Set(T value) => _value = value; public T? Get() => _value; }
        [GenerateSerializer] public enum Status { On, Off }
        [GenerateSerializer] public abstract class AbstractShape { }
        [Immutable] public sealed class Frozen2 { public List<int> Items = new(); }
        [GenerateSerializer] public sealed class UsesImmutable { public Frozen2? F; public Frozen G; public Status S; public Uri? U; public IHello? Ref; }
        """;

    [Fact]
    public void Valid_source_produces_no_diagnostics_and_compiles_cleanly()
    {
        var run = GeneratorHarness.Run(ValidSource);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Result.Diagnostics);
        Assert.Empty(run.OutputErrorsAndWarnings.Select(d => d.ToString()));
        Assert.Contains("Proxy_My_App_IHello.g.cs", run.GeneratedFileNames);
        Assert.Contains("Proxy_My_App_IAB.g.cs", run.GeneratedFileNames);
        Assert.Contains("Proxy_My_App_Outer_INested.g.cs", run.GeneratedFileNames);
        Assert.Contains("Copier_My_App_Box_1.g.cs", run.GeneratedFileNames);
        Assert.Contains("GranaryManifestProvider.g.cs", run.GeneratedFileNames);
        Assert.DoesNotContain("Copier_My_App_Status.g.cs", run.GeneratedFileNames);
        Assert.DoesNotContain("Copier_My_App_AbstractShape.g.cs", run.GeneratedFileNames);
    }

    [Fact]
    public void Generated_files_have_the_standard_header_and_namespace()
    {
        var run = GeneratorHarness.Run(ValidSource);

        foreach (var tree in run.Result.GeneratedTrees)
        {
            var text = tree.ToString();
            Assert.StartsWith("// <auto-generated/>", text);
            Assert.Contains("#nullable enable", text);
            Assert.Contains("namespace Granary.Generated.My_App", text);
        }
    }

    [Fact]
    public void Proxy_and_requests_have_the_expected_shape()
    {
        var proxy = GeneratorHarness.Run(ValidSource).Generated("Proxy_My_App_IHello.g.cs");

        Assert.Contains("internal sealed class Proxy_My_App_IHello : global::Granary.Invocation.GrainReference, global::My.App.IHello", proxy);
        Assert.Contains("=> InvokeAsync(new Request_My_App_IHello_SayHello_0 { Arg0 = greeting }).AsTask();", proxy);
        Assert.Contains("=> InvokeAsync(new Request_My_App_IHello_Count_1 { });", proxy);
        Assert.Contains("=> InvokeVoidAsync(new Request_My_App_IHello_Ping_2 { });", proxy);
        Assert.Contains("=> InvokeVoidAsync(new Request_My_App_IHello_Notify_3 { Arg0 = f }).AsTask();", proxy);
        Assert.Contains("global::My.App.IHello.Keywords(int @class, string @event, global::My.App.Color color, decimal amount)", proxy);
        Assert.Contains("global::My.App.IHello.Fire(params int[] values)", proxy);
        Assert.Contains("global::System.Threading.Tasks.Task<string?> global::My.App.IHello.Maybe(string? value, global::System.Threading.CancellationToken cancellationToken)", proxy);
        Assert.Contains("internal sealed class Request_My_App_IHello_SayHello_0 : global::Granary.Invocation.GrainRequest<string>", proxy);
        Assert.Contains("internal sealed class Request_My_App_IHello_Ping_2 : global::Granary.Invocation.GrainRequest<object?>", proxy);
        Assert.Contains("Options => global::Granary.Invocation.InvokeMethodOptions.ReadOnly | global::Granary.Invocation.InvokeMethodOptions.AlwaysInterleave;", proxy);
        Assert.Contains("Options => global::Granary.Invocation.InvokeMethodOptions.OneWay;", proxy);
        Assert.Contains("=> new global::System.Threading.Tasks.ValueTask<string>(((global::My.App.IHello)grain).SayHello(Arg0));", proxy);
        Assert.Contains("=> global::Granary.Invocation.VoidResult.From(((global::My.App.IHello)grain).Ping());", proxy);
    }

    [Fact]
    public void Only_arguments_of_mutable_types_are_copied()
    {
        var proxy = GeneratorHarness.Run(ValidSource).Generated("Proxy_My_App_IHello.g.cs");

        var self = Section(proxy, "class Request_My_App_IHello_Self_7");
        Assert.DoesNotContain("copier.Copy", self); // grain reference, GrainId, Immutable<T>, Guid?
        var keywords = Section(proxy, "class Request_My_App_IHello_Keywords_6");
        Assert.DoesNotContain("copier.Copy", keywords); // int, string, enum, decimal
        var maybe = Section(proxy, "class Request_My_App_IHello_Maybe_4");
        Assert.DoesNotContain("copier.Copy", maybe); // string, CancellationToken
        Assert.Contains("Arg0 = copier.Copy(Arg0);", Section(proxy, "class Request_My_App_IHello_Notify_3"));
        Assert.Contains("Arg0 = copier.Copy(Arg0);", Section(proxy, "class Request_My_App_IHello_Nested_8"));
        Assert.Contains("Arg0 = copier.Copy(Arg0);", Section(proxy, "class Request_My_App_IHello_Fire_5")); // arrays are mutable
    }

    [Fact]
    public void Copiers_copy_only_fields_that_may_be_mutable()
    {
        var run = GeneratorHarness.Run(ValidSource);

        var usesImmutable = run.Generated("Copier_My_App_UsesImmutable.g.cs");
        Assert.DoesNotContain("UnsafeAccessorKind.Field", usesImmutable);
        var payload = run.Generated("Copier_My_App_Payload.g.cs");
        Assert.Contains("Name = \"_items\"", payload);
        Assert.Contains("Name = \"<Next>k__BackingField\"", payload);
        Assert.Contains("Name = \"Map\"", payload);
        Assert.DoesNotContain("Name = \"Plain\"", payload);
        Assert.DoesNotContain("<Text>k__BackingField", payload);
        var derived = run.Generated("Copier_My_App_Derived.g.cs");
        Assert.Contains("Name = \"_numbers\"", derived);
        Assert.Contains("Name = \"_items\"", derived);
        Assert.Contains("Field1(global::My.App.Payload owner)", derived);
        var mutable = run.Generated("Copier_My_App_Mutable.g.cs");
        Assert.Contains("var copy = original;", mutable);
        Assert.Contains("(ref global::My.App.Mutable owner)", mutable);
        var box = run.Generated("Copier_My_App_Box_1.g.cs");
        Assert.Contains("internal sealed class Copier_My_App_Box_1<T> : global::Granary.Serialization.IDeepCopier<global::My.App.Box<T>> where T : class, new()", box);
    }

    [Fact]
    public void Manifest_registers_everything_generated()
    {
        var manifest = GeneratorHarness.Run(ValidSource).Generated("GranaryManifestProvider.g.cs");

        Assert.Contains("[assembly: global::Granary.Metadata.GranaryManifest(typeof(global::Granary.Generated.My_App.GranaryManifestProvider))]", manifest);
        Assert.Contains("manifest.AddGrainInterface(typeof(global::My.App.IHello), static (runtime, grainId) => new Proxy_My_App_IHello(runtime, grainId));", manifest);
        Assert.Contains("manifest.AddGrainClass(typeof(global::My.App.HelloGrain),", manifest);
        Assert.Contains("manifest.AddGrainClass(typeof(global::My.App.Outer.NestedGrain),", manifest);
        Assert.DoesNotContain("BaseGrain)", manifest);
        Assert.DoesNotContain("GenericGrain", manifest);
        Assert.Contains(".Create<global::My.App.State>(context, \"s\", null)", manifest);
        Assert.Contains(".Create<global::System.Collections.Generic.List<int>>(context, \"t\", \"store\")", manifest);
        Assert.Contains("GetRequiredKeyedService<global::System.IServiceProvider>(services, \"key\")", manifest);
        Assert.Contains("GetRequiredKeyedService<global::System.IServiceProvider>(services, (global::My.App.Color)(0))", manifest);
        Assert.Contains("? (int)__service_6 : (int)(3)", manifest);
        Assert.Contains("GetService<string>(services) ?? default(string)!", manifest);
        Assert.Contains("manifest.AddCopier<global::My.App.Payload>(new Copier_My_App_Payload());", manifest);
        Assert.Contains("manifest.AddGenericCopier(typeof(global::My.App.Box<>), typeof(Copier_My_App_Box_1<>));", manifest);
        Assert.Contains("manifest.AddGenericCopier(typeof(global::My.App.Pair<,>), typeof(Copier_My_App_Pair_2<,>));", manifest);
        Assert.DoesNotContain("IGrainWithStringKey", manifest);
    }

    [Fact]
    public void Inherited_methods_from_another_assembly_are_implemented()
    {
        var library = GeneratorHarness.CompileLibrary("""
            namespace Lib;
            public interface IRemote : Granary.IGrainWithStringKey
            {
                System.Threading.Tasks.Task<string> Remote(string? text);
            }
            """, "Lib");

        var run = GeneratorHarness.Run(
            "namespace Local; public interface ILocal : Lib.IRemote { System.Threading.Tasks.Task Local(); }", library);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputErrorsAndWarnings.Select(d => d.ToString()));
        var proxy = run.Generated("Proxy_Local_ILocal.g.cs");
        Assert.Contains("global::Lib.IRemote.Remote(string? text)", proxy);
        Assert.Contains("typeof(global::Lib.IRemote)", proxy);
        Assert.DoesNotContain("Proxy_Lib_IRemote.g.cs", run.GeneratedFileNames);
    }

    [Fact]
    public void Partial_types_are_generated_once_even_when_the_base_list_is_on_a_later_part()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            namespace Parts;
            public partial interface IPart { Task Two(); }
            public partial interface IPart : Granary.IGrainWithStringKey { Task One(); }
            public partial class PartGrain { }
            public partial class PartGrain : Granary.Grain, IPart { public Task One() => Task.CompletedTask; public Task Two() => Task.CompletedTask; }
            public partial class PartGrain { }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputErrorsAndWarnings.Select(d => d.ToString()));
        Assert.Single(run.GeneratedFileNames, name => name == "Proxy_Parts_IPart.g.cs");
        var manifest = run.Generated("GranaryManifestProvider.g.cs");
        Assert.Single(manifest.Split('\n'), line => line.Contains("AddGrainClass(typeof(global::Parts.PartGrain)", StringComparison.Ordinal));
        Assert.Contains("global::Parts.IPart.One()", run.Generated("Proxy_Parts_IPart.g.cs"));
        Assert.Contains("global::Parts.IPart.Two()", run.Generated("Proxy_Parts_IPart.g.cs"));
    }

    [Fact]
    public void Nothing_is_generated_without_grains_or_serializable_types()
    {
        var run = GeneratorHarness.Run("namespace Plain; public interface IService { void Run(); } public class Service : IService { public void Run() { } }");

        Assert.Empty(run.Result.GeneratedTrees);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void Namespace_is_derived_from_a_sanitized_assembly_name()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            "public interface IFoo : Granary.IGrainWithStringKey { System.Threading.Tasks.Task Go(); }", "1st-App.Grains");

        var run = GeneratorHarness.Run(compilation);

        Assert.Contains("namespace Granary.Generated._1st_App_Grains", run.Generated("GranaryManifestProvider.g.cs"));
        Assert.Empty(run.OutputErrorsAndWarnings.Select(d => d.ToString()));
    }

    [Fact]
    public void Unrelated_edit_reuses_cached_models()
    {
        var compilation = GeneratorHarness.CreateCompilation(ValidSource);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Other; public static class Unrelated { public static int Value => 42; }",
            new CSharpParseOptions(LanguageVersion.Latest)));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { "GrainInterfaces", "GrainClasses", "Copiers" })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} step was {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"output step was {output.Reason}"));
    }

    private static string Section(string text, string start)
    {
        var begin = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(begin >= 0, $"'{start}' not found");
        var end = text.IndexOf("internal sealed class", begin + start.Length, StringComparison.Ordinal);
        return end < 0 ? text[begin..] : text[begin..end];
    }
}
