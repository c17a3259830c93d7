namespace Granary.Silo.Tests.Hosting;

/// <summary>Waits for a condition with a generous deadline, polling; never a fixed sleep standing in for a condition.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Retries <paramref name="probe"/> (exceptions count as "not yet") until it returns true.</summary>
    public static async Task SucceedsAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe())
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                last = exception;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s waiting for {what}.", last);
    }

    /// <summary>Retries <paramref name="call"/> until it returns without throwing; returns its result.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> call, string what, TimeSpan? timeout = null)
    {
        T result = default!;
        await SucceedsAsync(async () =>
        {
            result = await call();
            return true;
        }, what, timeout);
        return result;
    }
}
