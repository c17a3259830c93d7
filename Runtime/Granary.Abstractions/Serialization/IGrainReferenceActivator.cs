using Granary.Invocation;

namespace Granary.Serialization;

/// <summary>
/// Re-creates grain references read from the wire, bound to the receiving process's runtime (silo or client).
/// The runtime supplies it to the wire serializer.
/// </summary>
public interface IGrainReferenceActivator
{
    GrainReference CreateReference(GrainId grainId, Type interfaceType);
}
