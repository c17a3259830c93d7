using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace Granary.Extensions.Resilience;

/// <summary>
/// Resends a grain call that a silo refused without running it. A silo that is stopping gracefully refuses requests
/// that reach it after its grains were deactivated ("Silo stopping"), and a busy gateway refuses new work; in both
/// cases Orleans answers with a rejection, which proves the grain never saw the call, and invalidates the caller's
/// directory cache, so a resend finds the grain's new home. A client whose gateway is stopping has its call refused by
/// that silo's placement, equally unprocessed. Orleans itself no longer resends. Calls whose fate is unknown (the
/// target died, perhaps mid-call; timeouts) are never resent here.
/// </summary>
internal sealed partial class RejectedCallRetryFilter(
    IOptions<RejectedCallRetryOptions> options,
    TimeProvider timeProvider,
    ILogger<RejectedCallRetryFilter> logger,
    IServiceProvider services) : IOutgoingGrainCallFilter
{
    private readonly RejectedCallRetryOptions _options = options.Value;

    // On a silo (absent on a client): a silo that is itself stopping refuses its own grains' calls; resending them
    // only spends the shutdown budget.
    private readonly ISiloStatusOracle? _localSilo = services.GetService(typeof(ISiloStatusOracle)) as ISiloStatusOracle;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (IsOrleansInternal(context.TargetId))
        {
            // Orleans' own calls (membership probes, directory, system targets) carry their own failure handling:
            // a probe to a dead silo must fail as it is, or the failure detector never counts it.
            await context.Invoke();
            return;
        }

        var delay = _options.FirstDelay;
        for (var retry = 0; ; retry++)
        {
            Exception? refusal;
            try
            {
                await context.Invoke();
                refusal = context.Response?.Exception;
            }
            catch (Exception exception) when (IsRefusal(exception))
            {
                refusal = exception;
            }

            if (refusal is null || !IsRefusal(refusal) || retry >= _options.MaxRetries || _localSilo?.CurrentStatus.IsTerminating() == true)
            {
                if (refusal is not null && IsRefusal(refusal))
                {
                    // Out of resends: the caller sees the rejection it would have seen without this filter.
                    context.Response = Response.FromException(refusal);
                }

                return;
            }

            LogResending(logger, context.InterfaceName, context.MethodName, context.TargetId, retry + 1, refusal.Message);
            context.Response = null;
            await Task.Delay(delay, timeProvider);
            delay = delay + delay > _options.MaxDelay ? _options.MaxDelay : delay + delay;
        }
    }

    private static bool IsOrleansInternal(GrainId target)
        => target.Type.ToString()!.StartsWith(GrainTypePrefix.SystemPrefix, StringComparison.Ordinal);

    // Exactly a rejection, a busy gateway, or a stopping silo's placement refusing to place the grain (Orleans raises
    // that one as SiloUnavailableException "Silo '<address>' is shutting down."; the request never reached a grain).
    // Any other SiloUnavailableException means "fate unknown": the target died, perhaps mid-call.
    private static bool IsRefusal(Exception exception) => exception switch
    {
        GatewayTooBusyException => true,
        SiloUnavailableException unavailable => unavailable.Message.StartsWith("Silo '", StringComparison.Ordinal)
                                                && unavailable.Message.EndsWith("' is shutting down.", StringComparison.Ordinal),
        _ => exception.GetType() == typeof(OrleansMessageRejectionException),
    };
}
