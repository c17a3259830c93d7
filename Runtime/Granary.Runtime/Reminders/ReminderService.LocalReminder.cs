namespace Granary.Reminders;

internal sealed partial class ReminderService
{
    // Timers cannot wait longer than about 49 days in one go; a longer wait is taken in steps.
    private static readonly TimeSpan LongestTimerWait = TimeSpan.FromDays(1);

    /// <summary>
    /// One reminder ticking on this silo. A one-shot timer fires the next tick; the timer is re-armed only after the
    /// tick's grain call has finished, so ticks of one reminder never overlap. State is guarded by the service's lock.
    /// </summary>
    private sealed class LocalReminder
    {
        private readonly ReminderService _service;
        private readonly ITimer _timer;
        private DateTime _nextTick;
        private bool _stopped;
        private bool _ticking;
        private Task _running = Task.CompletedTask;

        public LocalReminder(ReminderService service, ReminderEntry entry)
        {
            _service = service;
            Entry = entry;

            // Ticks belong to no caller: the registering call's execution context (activity, async locals) stays behind.
            var suppressed = ExecutionContext.IsFlowSuppressed() ? (AsyncFlowControl?)null : ExecutionContext.SuppressFlow();
            try
            {
                _timer = service._time.CreateTimer(static state => ((LocalReminder)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            finally
            {
                suppressed?.Undo();
            }
        }

        public ReminderEntry Entry { get; }

        /// <summary>The tick the timer waits for; null while a tick runs or after the reminder stopped.</summary>
        public DateTime? ArmedForLocked => _stopped || _ticking || _nextTick == DateTime.MaxValue ? null : _nextTick;

        /// <summary>Arms the timer for the next tick after <paramref name="lastTick"/> that is not in the past.</summary>
        public void ScheduleLocked(DateTime now, DateTime? lastTick)
        {
            _nextTick = ReminderSchedule.NextTick(Entry.StartAt, Entry.Period, now, lastTick);
            ArmLocked(now);
        }

        /// <summary>Stops the timer; returns the tick in flight, if any.</summary>
        public Task StopLocked()
        {
            _stopped = true;
            _timer.Dispose();
            return _running;
        }

        private void ArmLocked(DateTime now)
        {
            if (_nextTick == DateTime.MaxValue)
            {
                return;
            }

            var wait = _nextTick - now;
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestTimerWait ? LongestTimerWait : wait;
            _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }

        private void OnTimer()
        {
            lock (_service._lock)
            {
                if (_stopped || _ticking)
                {
                    return;
                }

                var now = _service.UtcNow();
                if (now < _nextTick)
                {
                    ArmLocked(now); // a long wait taken in steps
                    return;
                }

                var tick = _nextTick;
                _ticking = true;

                // Off the timer's thread (a manual clock fires timers on the test's thread) and outside the lock.
                _running = Task.Run(() => TickAsync(tick), CancellationToken.None);
            }
        }

        private async Task TickAsync(DateTime tick)
        {
            if (!_service.IsOwned(Entry.GrainId))
            {
                // Ownership moved with membership: the new owner's reload takes the reminder over.
                _service.Forget(this);
                return;
            }

            try
            {
                var grain = _service._grainFactory.GetGrain<IRemindable>(Entry.GrainId);
                await grain.ReceiveReminder(Entry.ReminderName, new TickStatus(Entry.StartAt, Entry.Period, tick)).ConfigureAwait(false);
                Log.Ticked(_service._logger, Entry.ReminderName, Entry.GrainId, tick);
            }
            catch (Exception exception)
            {
                // A failing tick (grain error, timeout, silo lost) does not end the reminder: the next tick is tried.
                Log.TickFailed(_service._logger, exception, Entry.ReminderName, Entry.GrainId, tick);
            }

            lock (_service._lock)
            {
                _ticking = false;
                if (!_stopped)
                {
                    ScheduleLocked(_service.UtcNow(), tick);
                }
            }
        }
    }

    private void Forget(LocalReminder reminder)
    {
        lock (_lock)
        {
            var key = new ReminderKey(reminder.Entry.GrainId, reminder.Entry.ReminderName);
            if (_local.TryGetValue(key, out var current) && ReferenceEquals(current, reminder))
            {
                StopLocked(key);
            }
        }
    }
}
