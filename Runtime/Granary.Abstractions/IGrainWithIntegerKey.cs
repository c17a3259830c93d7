namespace Granary;

/// <summary>A grain identified by a long.</summary>
public interface IGrainWithIntegerKey : IGrain;
