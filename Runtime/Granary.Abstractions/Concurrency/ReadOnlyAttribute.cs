namespace Granary.Concurrency;

/// <summary>This interface method does not change state, so read-only calls may interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;
