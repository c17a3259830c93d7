using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Granary.Extensions.Resilience;

internal sealed partial class RejectedCallRetryFilter
{
    [LoggerMessage(EventId = EventIds.RefusedCallResent, Level = LogLevel.Debug, Message = "Resending {InterfaceName}.{MethodName} to {Target} (resend {Attempt}): it was refused unprocessed: {Reason}")]
    private static partial void LogResending(ILogger logger, string interfaceName, string methodName, GrainId target, int attempt, string reason);
}
