namespace Granary.Testing;

/// <summary>
/// Waits for a condition with a deadline instead of sleeping a fixed time: returns as soon as it holds,
/// fails with a clear message if it does not hold before the deadline.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task WaitUntilAsync(Func<bool> condition, string description, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), description, timeout);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = TimeSpan.FromMilliseconds(1);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout ?? DefaultTimeout}: {description}.");
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
        }
    }
}
