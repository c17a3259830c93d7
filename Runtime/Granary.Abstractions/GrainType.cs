namespace Granary;

/// <summary>
/// The name of a grain class as the cluster knows it: stable across builds, so it is part of every
/// <see cref="GrainId"/> and of every storage key. Defaults to the class name without a "Grain"
/// suffix, lower-cased; <see cref="GrainTypeAttribute"/> overrides it.
/// </summary>
public readonly record struct GrainType
{
    public GrainType(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain type '{value}' must not contain '/'.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value ?? string.Empty;
}
