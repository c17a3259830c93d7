using Granary.Invocation;
using Granary.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Messaging;

/// <summary>
/// Lets the wire serializer re-create grain references through the silo's grain factory, resolved on first
/// use: the factory's call path needs the serializer, so neither can take the other in its constructor.
/// </summary>
internal sealed class DeferredGrainReferenceActivator(IServiceProvider services) : IGrainReferenceActivator
{
    private IGrainReferenceActivator? _factory;

    public GrainReference CreateReference(GrainId grainId, Type interfaceType) =>
        (_factory ??= services.GetRequiredService<GrainFactory>()).CreateReference(grainId, interfaceType);
}
