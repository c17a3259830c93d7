namespace Granary.Grains.Streams;

/// <summary>The durable stream provider every silo and client registers; grains publish and subscribe through it.</summary>
public static class StreamProvider
{
    public const string Name = "Default";
}
