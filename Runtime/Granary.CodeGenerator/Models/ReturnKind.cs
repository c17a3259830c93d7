namespace Granary.CodeGenerator.Models
{
    /// <summary>The four awaitable shapes a grain method may return.</summary>
    internal enum ReturnKind
    {
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }
}
