namespace Granary.CodeGenerator.Models
{
    /// <summary>A grain interface that gets a proxy: its name and every method, inherited ones included.</summary>
    /// <param name="InterfaceType">The global::-qualified interface.</param>
    /// <param name="ProxyClassName">The generated proxy class, unique in the assembly.</param>
    /// <param name="Methods">Its methods and those of all base interfaces.</param>
    /// <param name="InterfaceId">The wire id: hash of the interface's [Alias] or full name.</param>
    internal sealed record GrainInterfaceModel(string InterfaceType, string ProxyClassName, EquatableArray<GrainMethodModel> Methods, uint InterfaceId);
}
