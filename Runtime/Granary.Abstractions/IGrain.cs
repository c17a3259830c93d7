namespace Granary;

/// <summary>Base of every grain interface. Derive from one of the key-kind interfaces instead.</summary>
public interface IGrain : IAddressable;
