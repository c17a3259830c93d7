using Granary.Invocation;

namespace Granary.Metadata;

/// <summary>Creates a proxy for one grain interface: generated per interface.</summary>
public delegate GrainReference GrainProxyFactoryDelegate(IGrainReferenceRuntime runtime, GrainId grainId);
