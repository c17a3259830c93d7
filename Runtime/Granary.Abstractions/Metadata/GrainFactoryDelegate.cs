using Granary.Runtime;

namespace Granary.Metadata;

/// <summary>Creates a grain instance: generated per grain class, resolving constructor parameters.</summary>
public delegate object GrainFactoryDelegate(IServiceProvider services, IGrainContext context);
