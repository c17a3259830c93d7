namespace Granary;

/// <summary>A grain identified by a Guid.</summary>
public interface IGrainWithGuidKey : IGrain;
