namespace Granary.Grains.Persistence;

/// <summary>How the shop's grains persist a change.</summary>
internal static class StateWrites
{
    /// <summary>
    /// Writes the state; when the write fails, the in-memory state is ahead of storage, so the activation is
    /// dropped and the next call reloads what was really persisted. The caller sees the failure and may retry.
    /// </summary>
    public static async Task WriteOrDeactivateAsync<T>(this IPersistentState<T> state, Grain grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception)
        {
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, exception, "the grain's state could not be written"));
            throw;
        }
    }
}
