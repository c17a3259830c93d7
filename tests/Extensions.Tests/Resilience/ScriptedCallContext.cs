using System.Reflection;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace Granary.Extensions.Tests.Resilience;

/// <summary>An outgoing call whose successive sends answer with the scripted outcomes (an exception or a value).</summary>
internal sealed class ScriptedCallContext(params object[] outcomes) : IOutgoingGrainCallContext
{
    private readonly Queue<object> _outcomes = new(outcomes);

    public int Sends { get; private set; }

    public object Grain => null!;

    public MethodInfo InterfaceMethod => typeof(object).GetMethod(nameof(ToString))!;

    public string InterfaceName => "ITest";

    public string MethodName => "Call";

    public GrainInterfaceType InterfaceType => GrainInterfaceType.Create("ITest");

    public IInvokable Request => null!;

    public Response? Response { get; set; }

    public object? Result
    {
        get => Response?.Result;
        set => Response = Response.FromResult(value);
    }

    public GrainId? SourceId => null;

    public GrainId TargetId => GrainId.Create("test", "target");

    public IGrainContext? SourceContext => null;

    public Task Invoke()
    {
        Sends++;
        var outcome = _outcomes.Dequeue();
        Response = outcome is Exception exception ? Response.FromException(exception) : Response.FromResult(outcome);
        return Task.CompletedTask;
    }
}
