namespace Granary.Serialization;

/// <summary>
/// Wraps one value the caller promises not to mutate, so this call passes it by reference. Use it for
/// large payloads on hot paths; the grain must not mutate it either.
/// </summary>
public readonly record struct Immutable<T>(T Value);
