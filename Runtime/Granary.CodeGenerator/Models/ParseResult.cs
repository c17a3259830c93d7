namespace Granary.CodeGenerator.Models
{
    /// <summary>What parsing one declaration produced: a model to emit (absent when it has errors) and its diagnostics.</summary>
    internal sealed record ParseResult<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
        where TModel : class;
}
