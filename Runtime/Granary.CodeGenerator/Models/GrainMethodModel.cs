namespace Granary.CodeGenerator.Models
{
    /// <summary>One method a proxy implements, with everything its request class needs.</summary>
    /// <param name="Name">The method name as written in code (escaped if a keyword).</param>
    /// <param name="MethodName">The method name as reported by GrainRequest.MethodName.</param>
    /// <param name="DeclaringInterface">The global::-qualified interface that declares the method.</param>
    /// <param name="ReturnKind">Which of the four awaitable shapes it returns.</param>
    /// <param name="ReturnType">The annotated return type.</param>
    /// <param name="ResultType">The request's TResult: the awaited type, or object? for Task/ValueTask.</param>
    /// <param name="Parameters">The parameters, in order.</param>
    /// <param name="Options">The InvokeMethodOptions expression, or null when no flag applies.</param>
    /// <param name="RequestClassName">The generated request class, unique in the assembly.</param>
    /// <param name="MethodId">The wire id: hash of the declaring interface's stable name and the method's [Alias] or signature.</param>
    internal sealed record GrainMethodModel(
        string Name,
        string MethodName,
        string DeclaringInterface,
        ReturnKind ReturnKind,
        string ReturnType,
        string ResultType,
        EquatableArray<MethodParameterModel> Parameters,
        string? Options,
        string RequestClassName,
        uint MethodId);
}
