namespace Granary.CodeGenerator.Models
{
    /// <summary>A grain class and the constructor call that creates it.</summary>
    /// <param name="ClassType">The global::-qualified grain class.</param>
    /// <param name="ConstructorArguments">One C# expression per constructor parameter, over 'services' and 'context'.</param>
    internal sealed record GrainClassModel(string ClassType, EquatableArray<string> ConstructorArguments);
}
