namespace Granary;

/// <summary>A grain identified by a long plus a string extension.</summary>
public interface IGrainWithIntegerCompoundKey : IGrain;
