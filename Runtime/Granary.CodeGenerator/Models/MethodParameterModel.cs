namespace Granary.CodeGenerator.Models
{
    /// <summary>One parameter of a grain method, as written in the proxy and stored in the request.</summary>
    /// <param name="Name">The parameter name, escaped (@class).</param>
    /// <param name="Type">The annotated, global::-qualified parameter type.</param>
    /// <param name="IsParams">Declared with 'params'.</param>
    /// <param name="IsImmutable">Its static type never needs a deep copy.</param>
    /// <param name="IsCancellationToken">A CancellationToken: never sent over the wire (it is local to the caller).</param>
    internal sealed record MethodParameterModel(string Name, string Type, bool IsParams, bool IsImmutable, bool IsCancellationToken);
}
