namespace Granary.Invocation;

/// <summary>Adapts methods returning Task or ValueTask to <see cref="GrainRequest{TResult}"/> of <c>object?</c>.</summary>
public static class VoidResult
{
    public static ValueTask<object?> From(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : AwaitAsync(task);

    public static ValueTask<object?> From(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : AwaitAsync(new ValueTask(task));
    }

    private static async ValueTask<object?> AwaitAsync(ValueTask task)
    {
        await task.ConfigureAwait(true);
        return null;
    }
}
