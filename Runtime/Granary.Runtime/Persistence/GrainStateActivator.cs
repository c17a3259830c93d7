namespace Granary.Persistence;

/// <summary>Creates the empty state a grain sees when nothing (or a cleared record) is stored.</summary>
internal static class GrainStateActivator
{
    public static TState CreateEmpty<TState>()
    {
        if (typeof(TState) == typeof(string))
        {
            throw new NotSupportedException("Grain state of type string is not supported: wrap it in a class.");
        }

        try
        {
            return Activator.CreateInstance<TState>();
        }
        catch (MissingMethodException ex)
        {
            throw new NotSupportedException($"Grain state type {typeof(TState)} needs a public parameterless constructor.", ex);
        }
    }
}
