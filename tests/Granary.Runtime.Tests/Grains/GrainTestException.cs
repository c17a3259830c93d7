namespace Granary.Runtime.Tests.Grains;

/// <summary>An application exception a grain throws; tests check it arrives with its type and data.</summary>
public sealed class GrainTestException(string message) : Exception(message)
{
    public int Detail { get; init; }
}
