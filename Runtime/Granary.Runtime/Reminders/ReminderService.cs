using System.Threading.Channels;
using Granary.Activation;
using Granary.Hosting;
using Granary.Membership;
using Granary.Placement;
using Microsoft.Extensions.Logging;

namespace Granary.Reminders;

/// <summary>
/// The silo's reminder service. Reminders live in the <see cref="IReminderTable"/>; each one ticks on the silo that owns
/// its grain id by consistent hashing (every reminder, in a lone silo), as a grain call to
/// <see cref="IRemindable.ReceiveReminder"/> that activates the grain wherever it lives. The service re-reads the table
/// when membership changes and every <see cref="ReminderOptions.RefreshPeriod"/>, so the reminders of a dead or departed
/// silo tick on their new owners. Bad arguments and storage failures throw <see cref="ReminderException"/>.
/// </summary>
internal sealed partial class ReminderService : IReminderRegistry, ISiloService, IAsyncDisposable
{
    // A reload that failed (database unreachable) is retried sooner than the next refresh.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly IReminderTable _table;
    private readonly ReminderOptions _options;
    private readonly IGrainFactory _grainFactory;
    private readonly GrainTypeRegistry _grainTypes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IClusterMembershipService? _membership;

    // This service's own view of the ring, fed from the membership updates it reacts to (null in a lone silo: it owns
    // everything). Kept apart from the silo's locator so that updating it has no side effects on call routing.
    private readonly GrainLocator? _ownership;

    private readonly Lock _lock = new();
    private readonly Dictionary<ReminderKey, LocalReminder> _local = [];

    // Keys registered or unregistered here since a reload began: that reload's (older) read must not undo them.
    private readonly Dictionary<ReminderKey, long> _changedAt = [];
    private readonly Channel<bool> _reloadRequests =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly CancellationTokenSource _stopping = new();
    private long _changes;
    private bool _stopped;
    private Task _work = Task.CompletedTask;

    public ReminderService(
        IReminderTable table,
        ReminderOptions options,
        IGrainFactory grainFactory,
        GrainTypeRegistry grainTypes,
        TimeProvider time,
        ILogger<ReminderService> logger,
        IClusterMembershipService? membership,
        ILocalSiloDetails? localSilo)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(grainFactory);
        ArgumentNullException.ThrowIfNull(grainTypes);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _table = table;
        _options = options;
        _grainFactory = grainFactory;
        _grainTypes = grainTypes;
        _time = time;
        _logger = logger;
        if (membership is not null)
        {
            _membership = membership;
            _ownership = new GrainLocator(localSilo ?? throw new ArgumentNullException(nameof(localSilo), "A cluster member needs its silo details."));
        }
    }

    /// <summary>How many reminders tick on this silo now.</summary>
    public int LocalReminderCount
    {
        get
        {
            lock (_lock)
            {
                return _local.Count;
            }
        }
    }

    /// <summary>When the reminder ticks next on this silo; null while it does not tick here or a tick is running (tests wait on it).</summary>
    internal DateTime? NextTickOf(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            return _local.TryGetValue(new ReminderKey(grainId, reminderName), out var reminder) ? reminder.ArmedForLocked : null;
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateReminder(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        var now = UtcNow();
        Validate(grainId, reminderName, dueTime, period, now);
        var entry = new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = reminderName,
            StartAt = CeilingToMilliseconds(now + dueTime),
            Period = TimeSpan.FromMilliseconds(Math.Floor(period.TotalMilliseconds)),
        };
        var eTag = await StorageAsync("register", grainId, reminderName, ct => _table.UpsertRowAsync(entry, ct)).ConfigureAwait(false);
        entry = entry with { ETag = eTag };
        lock (_lock)
        {
            var key = new ReminderKey(grainId, reminderName);
            MarkChangedLocked(key);
            if (IsOwned(grainId))
            {
                // Scheduled from the time the start was computed from, so a slow write delays the first tick, never skips it.
                StartLocked(entry, now);
            }
            else
            {
                // Its owner picks it up at its next refresh.
                StopLocked(key);
            }
        }

        Log.Registered(_logger, reminderName, grainId, entry.StartAt, entry.Period, eTag);
        return GrainReminder.From(entry);
    }

    public async Task UnregisterReminder(GrainId grainId, IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var name = reminder.ReminderName;
        string? eTag;
        if (reminder is GrainReminder handle)
        {
            if (handle.GrainId != grainId)
            {
                throw new ReminderException($"Reminder '{name}' belongs to {handle.GrainId}, not {grainId}.");
            }

            eTag = handle.ETag;
        }
        else
        {
            // A handle made elsewhere carries no version: remove whatever is registered under the name.
            eTag = (await ReadAsync(grainId, name).ConfigureAwait(false))?.ETag;
        }

        if (eTag is not null
            && !await StorageAsync("unregister", grainId, name, ct => _table.RemoveRowAsync(grainId, name, eTag, ct)).ConfigureAwait(false)
            && await ReadAsync(grainId, name).ConfigureAwait(false) is { } current)
        {
            throw new ReminderException(
                $"Reminder '{name}' of {grainId} was registered again after this handle was obtained (stored version {current.ETag}, "
                + $"the handle has {eTag}); unregister the handle GetReminder returns.");
        }

        lock (_lock)
        {
            var key = new ReminderKey(grainId, name);
            MarkChangedLocked(key);
            StopLocked(key);
        }

        Log.Unregistered(_logger, name, grainId);
    }

    public async Task<IGrainReminder?> GetReminder(GrainId grainId, string reminderName)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        return await ReadAsync(grainId, reminderName).ConfigureAwait(false) is { } entry ? GrainReminder.From(entry) : null;
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetReminders(GrainId grainId)
    {
        var entries = await StorageAsync("read the reminders of", grainId, null, ct => _table.ReadRowsAsync(grainId, ct)).ConfigureAwait(false);
        return [.. entries.Select(GrainReminder.From)];
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_membership is not null)
        {
            _ownership!.Update(_membership.CurrentSnapshot);
        }

        var stopping = _stopping.Token;
        _work = Task.WhenAll(
            Task.Run(() => RefreshLoopAsync(stopping), CancellationToken.None),
            _membership is null ? Task.CompletedTask : Task.Run(() => FollowMembershipAsync(_membership, stopping), CancellationToken.None));
        Log.Started(_logger, _membership is not null, _options.RefreshPeriod);
        return Task.CompletedTask;
    }

    /// <summary>Stops every local reminder and waits for ticks in flight; the new owners take the reminders over.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = Shutdown();
        await EndWorkAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout: the ticks finish or fail on their own.
        }

        Log.Stopped(_logger, running.Length);
    }

    /// <summary>Ends timers and loops at once, as a crash would (a killed silo only disposes its services).</summary>
    public async ValueTask DisposeAsync()
    {
        Shutdown();
        await EndWorkAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Validate(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period, DateTime now)
    {
        if (grainId.IsDefault)
        {
            throw new ReminderException("A reminder needs a grain id.");
        }

        if (string.IsNullOrWhiteSpace(reminderName))
        {
            throw new ReminderException($"A reminder of {grainId} needs a name.");
        }

        if (dueTime < TimeSpan.Zero)
        {
            throw new ReminderException($"Reminder '{reminderName}' of {grainId}: the due time must not be negative (was {dueTime}).");
        }

        if (dueTime > DateTime.MaxValue - now - TimeSpan.FromDays(1))
        {
            throw new ReminderException($"Reminder '{reminderName}' of {grainId}: the due time {dueTime} lies beyond the calendar.");
        }

        if (period < _options.MinimumReminderPeriod)
        {
            throw new ReminderException(
                $"Reminder '{reminderName}' of {grainId}: the period {period} is below the minimum of {_options.MinimumReminderPeriod} "
                + $"({ReminderOptions.SectionName}:MinimumReminderPeriod).");
        }

        Type grainClass;
        try
        {
            grainClass = _grainTypes.GetByGrainType(grainId.Type).ClassType;
        }
        catch (GrainClassNotFoundException exception)
        {
            throw new ReminderException($"Reminder '{reminderName}' of {grainId}: {exception.Message}", exception);
        }

        if (!typeof(IRemindable).IsAssignableFrom(grainClass))
        {
            throw new ReminderException($"Grain {grainId} ({grainClass.Name}) must implement IRemindable to have reminders.");
        }
    }

    private Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName) =>
        StorageAsync("read", grainId, reminderName, ct => _table.ReadRowAsync(grainId, reminderName, ct));

    /// <summary>Runs a table operation; failures of a table that does not throw <see cref="ReminderException"/> itself are wrapped in one.</summary>
    private static async Task<T> StorageAsync<T>(string operation, GrainId grainId, string? reminderName, Func<CancellationToken, Task<T>> action)
    {
        try
        {
            return await action(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (ReminderException or OperationCanceledException))
        {
            var subject = reminderName is null ? $"{grainId}" : $"reminder '{reminderName}' of {grainId}";
            throw new ReminderException($"The reminder table failed to {operation} {subject}: {exception.Message}", exception);
        }
    }

    private bool IsOwned(GrainId grainId) => _ownership?.IsLocallyOwned(grainId) ?? true;

    private DateTime UtcNow() => _time.GetUtcNow().UtcDateTime;

    // Stored times have millisecond precision; rounding up keeps a zero due time from landing before "now".
    private static DateTime CeilingToMilliseconds(DateTime value)
    {
        var remainder = value.Ticks % TimeSpan.TicksPerMillisecond;
        return new DateTime(remainder == 0 ? value.Ticks : value.Ticks - remainder + TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    private void MarkChangedLocked(ReminderKey key) => _changedAt[key] = ++_changes;

    /// <summary>Starts ticking <paramref name="entry"/> here, replacing an older registration; false when this one already ticks.</summary>
    private bool StartLocked(ReminderEntry entry, DateTime now)
    {
        if (_stopped)
        {
            return false;
        }

        var key = new ReminderKey(entry.GrainId, entry.ReminderName);
        if (_local.TryGetValue(key, out var existing))
        {
            if (existing.Entry.ETag == entry.ETag)
            {
                return false;
            }

            existing.StopLocked();
        }

        var reminder = new LocalReminder(this, entry);
        _local[key] = reminder;
        reminder.ScheduleLocked(now, lastTick: null);
        return true;
    }

    private bool StopLocked(ReminderKey key)
    {
        if (!_local.Remove(key, out var reminder))
        {
            return false;
        }

        reminder.StopLocked();
        return true;
    }

    /// <summary>Stops everything once; returns the ticks still in flight.</summary>
    private Task[] Shutdown()
    {
        Task[] running;
        lock (_lock)
        {
            if (_stopped)
            {
                return [];
            }

            _stopped = true;
            running = [.. _local.Values.Select(reminder => reminder.StopLocked())];
            _local.Clear();
        }

        _stopping.Cancel();
        return running;
    }

    private async Task EndWorkAsync()
    {
        try
        {
            await _work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end with the service.
        }
    }

    private readonly record struct ReminderKey(GrainId GrainId, string Name);
}
