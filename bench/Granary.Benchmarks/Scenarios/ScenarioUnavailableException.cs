namespace Granary.Benchmarks.Scenarios;

/// <summary>A scenario that cannot run in this build; the message says why (printed alone, exit code 1).</summary>
internal sealed class ScenarioUnavailableException(string message) : Exception(message);
