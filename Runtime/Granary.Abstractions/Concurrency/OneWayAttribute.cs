namespace Granary.Concurrency;

/// <summary>
/// The caller does not wait: the call returns as soon as it is sent, and the grain's result or
/// exception is discarded (exceptions are logged). Only for methods returning Task or ValueTask.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
