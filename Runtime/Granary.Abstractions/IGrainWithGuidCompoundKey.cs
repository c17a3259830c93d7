namespace Granary;

/// <summary>A grain identified by a Guid plus a string extension.</summary>
public interface IGrainWithGuidCompoundKey : IGrain;
