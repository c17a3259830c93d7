using Granary.CodeGenerator.Models;

namespace Granary.CodeGenerator.Emitters
{
    /// <summary>Writes a grain class's factory: a static lambda resolving each constructor parameter.</summary>
    internal static class GrainClassEmitter
    {
        public static string FactoryLambda(GrainClassModel model)
        {
            var arguments = string.Join(",\n                    ", model.ConstructorArguments);
            var call = model.ConstructorArguments.Count == 0
                ? $"new {model.ClassType}()"
                : $"new {model.ClassType}(\n                    {arguments})";
            return $"static (global::System.IServiceProvider services, global::Granary.Runtime.IGrainContext context) => {call}";
        }
    }
}
