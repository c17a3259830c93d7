namespace Granary;

/// <summary>Marks anything that has a <see cref="GrainId"/>: grain references and grain instances.</summary>
public interface IAddressable;
