using Granary.Extensions.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Granary.Extensions.Tests.Resilience;

public sealed class RejectedCallRetryFilterTests
{
    private readonly RejectedCallRetryFilter _filter = new(
        Options.Create(new RejectedCallRetryOptions { MaxRetries = 3, FirstDelay = TimeSpan.FromMilliseconds(1) }),
        TimeProvider.System,
        NullLogger<RejectedCallRetryFilter>.Instance,
        new ServiceCollection().BuildServiceProvider());

    [Fact]
    public async Task A_call_refused_by_a_stopping_silo_is_resent_until_it_is_answered()
    {
        var call = new ScriptedCallContext(Rejection("Silo stopping"), new GatewayTooBusyException(), 42);

        await _filter.Invoke(call);

        Assert.Equal(3, call.Sends);
        Assert.Equal(42, call.Result);
    }

    [Fact]
    public async Task A_call_a_stopping_gateway_could_not_place_is_resent()
    {
        var call = new ScriptedCallContext(new SiloUnavailableException("Silo 'S127.0.0.1:11111:1' is shutting down."), "ok");

        await _filter.Invoke(call);

        Assert.Equal(2, call.Sends);
        Assert.Equal("ok", call.Result);
    }

    [Fact]
    public async Task A_call_to_a_silo_that_died_is_not_resent_because_it_may_have_run()
    {
        var died = new SiloUnavailableException("The target silo became unavailable for message: ...");
        var call = new ScriptedCallContext(died, "never");

        await _filter.Invoke(call);

        Assert.Equal(1, call.Sends);
        Assert.Same(died, call.Response!.Exception);
    }

    [Fact]
    public async Task Application_exceptions_are_not_resent()
    {
        var failure = new InvalidOperationException("out of stock");
        var call = new ScriptedCallContext(failure, "never");

        await _filter.Invoke(call);

        Assert.Equal(1, call.Sends);
        Assert.Same(failure, call.Response!.Exception);
    }

    [Fact]
    public async Task Orleans_internal_calls_are_left_alone()
    {
        var probe = new ScriptedCallContext(Rejection("Unable to connect")) { Target = GrainId.Create(GrainTypePrefix.SystemTargetPrefix + "membership", "silo") };

        await _filter.Invoke(probe);

        Assert.Equal(1, probe.Sends);
        Assert.IsType<OrleansMessageRejectionException>(probe.Response!.Exception);
    }

    [Fact]
    public async Task After_the_last_resend_the_caller_sees_the_rejection()
    {
        var call = new ScriptedCallContext(Enumerable.Range(0, 5).Select(_ => (object)Rejection("Silo stopping")).ToArray());

        await _filter.Invoke(call);

        Assert.Equal(4, call.Sends);
        Assert.IsType<OrleansMessageRejectionException>(call.Response!.Exception);
    }

    // Orleans builds rejections itself (the constructor is internal); the tests need the very type.
    private static OrleansMessageRejectionException Rejection(string message)
        => (OrleansMessageRejectionException)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [message], null)!;
}
