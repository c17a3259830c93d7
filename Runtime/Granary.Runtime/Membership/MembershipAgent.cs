using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Membership;

/// <summary>
/// This silo's part in the membership protocol. It joins the table (Joining, then Active), writes its IAmAlive
/// time, re-reads the table and publishes snapshots, probes the next <see cref="MembershipOptions.NumProbedSilos"/>
/// active silos on a ring, votes a silo dead after <see cref="MembershipOptions.MissedProbesLimit"/> missed probes
/// (declaring it dead when enough fresh votes exist), cleans up defunct rows, and stops its own silo when it reads
/// that it was declared dead. Every write is a compare-and-swap that re-reads and retries on conflict. All periodic
/// work runs on timers of the injected <see cref="TimeProvider"/>, never overlapping with itself.
/// </summary>
internal sealed partial class MembershipAgent : IClusterMembershipService, IAsyncDisposable
{
    private const int MaxWriteAttempts = 64;

    private readonly IMembershipTable _table;
    private readonly ILocalSiloDetails _localSilo;
    private readonly ISiloProber _prober;
    private readonly ISiloLifecycleControl _lifecycle;
    private readonly TimeProvider _time;
    private readonly MembershipOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly List<ITimer> _timers = [];
    private readonly int[] _busy = new int[4];

    private SiloAddress? _self;
    private MembershipEntry? _ownEntry;
    private MembershipTableData? _latest;
    private bool _joined;
    private int _declaredDead;
    private int _leaving;

    public MembershipAgent(
        IMembershipTable table,
        ILocalSiloDetails localSilo,
        ISiloProber prober,
        ISiloLifecycleControl lifecycle,
        TimeProvider time,
        IOptions<MembershipOptions> options,
        ILogger<MembershipAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _table = table;
        _localSilo = localSilo;
        _prober = prober;
        _lifecycle = lifecycle;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _head = new SnapshotNode(ClusterMembershipSnapshot.Empty);
    }

    private enum Work
    {
        IAmAlive = 0,
        Refresh = 1,
        Probe = 2,
        Cleanup = 3,
    }

    /// <summary>This silo's address, known once <see cref="StartAsync"/> began.</summary>
    public SiloAddress SiloAddress => _self ?? throw new InvalidOperationException("The membership agent has not started.");

    /// <summary>True once this silo read that the cluster declared it dead; it stopped all membership work then.</summary>
    public bool IsDeclaredDead => Volatile.Read(ref _declaredDead) != 0;

    /// <summary>
    /// Joins the cluster: writes this silo's row as Joining (declaring older generations on the same endpoint
    /// dead), then Active, publishes the first snapshot and starts the periodic work.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var self = _self = _localSilo.SiloAddress;
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        _ownEntry = new MembershipEntry
        {
            SiloAddress = self,
            SiloName = _localSilo.SiloName,
            HostName = _localSilo.HostName,
            GatewayPort = _localSilo.GatewayPort,
            Status = SiloStatus.Joining,
            StartTime = now,
            IAmAliveTime = now,
        };

        Log.Joining(_logger, self);
        await InsertOwnRowAsync(_ownEntry, cancellationToken).ConfigureAwait(false);
        if (!await UpdateOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false))
        {
            throw new MembershipTableException($"Silo {self} was declared dead while joining the cluster.");
        }

        _joined = true;
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            StartTimer(Work.IAmAlive, _options.IAmAliveInterval);
            StartTimer(Work.Refresh, _options.TableRefreshInterval);
            StartTimer(Work.Probe, _options.ProbeInterval);
            StartTimer(Work.Cleanup, _options.DefunctSiloCleanupPeriod);
        }

        Log.Joined(_logger, self, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>First step of a graceful stop: the row becomes ShuttingDown, so others place nothing new here.</summary>
    public async Task BeginShutdownAsync(CancellationToken cancellationToken)
    {
        if (!_joined || IsDeclaredDead)
        {
            return;
        }

        Log.ShuttingDown(_logger, SiloAddress);
        await UpdateOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Last step of a graceful stop: stops the periodic work and writes the row as Dead (no votes needed).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (!_joined || Interlocked.Exchange(ref _leaving, 1) != 0)
        {
            return;
        }

        StopPeriodicWork();
        if (IsDeclaredDead)
        {
            return;
        }

        await UpdateOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        Log.Left(_logger, SiloAddress);
        await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        CompleteUpdates();
    }

    /// <summary>Graceful leave in one call: ShuttingDown, then Dead.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await BeginShutdownAsync(cancellationToken).ConfigureAwait(false);
        await LeaveAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops all membership work without writing anything, as if the process had crashed.</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _leaving, 1);
        StopPeriodicWork();
        CompleteUpdates();
    }

    public ValueTask DisposeAsync()
    {
        Abort();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task InsertOwnRowAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        var self = entry.SiloAddress;
        for (var attempt = 1; ; attempt++)
        {
            var data = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (data.TryGet(self, out var existing, out _))
            {
                if (existing.Status == SiloStatus.Dead)
                {
                    throw new MembershipTableException($"Silo {self} is already recorded as dead; a restarted silo needs a new generation.");
                }

                return;
            }

            if (await DeclareOlderGenerationsDeadAsync(data, self, cancellationToken).ConfigureAwait(false)
                && await _table.InsertRowAsync(entry, data.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            GiveUpAfter(attempt, "insert its row");
        }
    }

    /// <summary>A previous run on this endpoint that is not dead yet crashed: it can never answer again, so say so. False on a write conflict.</summary>
    private async Task<bool> DeclareOlderGenerationsDeadAsync(MembershipTableData data, SiloAddress self, CancellationToken cancellationToken)
    {
        foreach (var (entry, etag) in data.Entries)
        {
            if (entry.Status != SiloStatus.Dead && entry.SiloAddress.IsSameEndpoint(self) && entry.SiloAddress.Generation < self.Generation)
            {
                if (!await _table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, etag, data.Version.Next(), cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                Log.OlderGenerationDeclaredDead(_logger, entry.SiloAddress, self);
                return false; // the table version moved: re-read before inserting
            }
        }

        return true;
    }

    /// <summary>Sets this silo's status with CAS retries; false (and the silo stops) if the row says it is dead.</summary>
    private async Task<bool> UpdateOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        var self = SiloAddress;
        for (var attempt = 1; ; attempt++)
        {
            var data = await _table.ReadRowAsync(self, cancellationToken).ConfigureAwait(false);
            if (!data.TryGet(self, out var entry, out var etag))
            {
                throw new MembershipTableException($"Silo {self} has no row in the membership table.");
            }

            if (entry.Status == SiloStatus.Dead)
            {
                OnDeclaredDead(entry);
                return false;
            }

            var updated = entry with { Status = status, IAmAliveTime = _time.GetUtcNow() };
            if (await _table.UpdateRowAsync(updated, etag, data.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                _ownEntry = updated;
                Log.StatusWritten(_logger, self, status);
                return true;
            }

            Log.WriteConflict(_logger, self, "status", attempt);
            GiveUpAfter(attempt, $"set its status to {status}");
        }
    }

    private void GiveUpAfter(int attempt, string what)
    {
        if (attempt >= MaxWriteAttempts)
        {
            throw new MembershipTableException(
                $"Silo {_self} could not {what}: {MaxWriteAttempts} attempts in a row lost a write conflict.");
        }
    }

    private void OnDeclaredDead(MembershipEntry? entry)
    {
        if (Volatile.Read(ref _leaving) != 0 || Interlocked.Exchange(ref _declaredDead, 1) != 0)
        {
            return;
        }

        var reason = entry is null
            ? "its row is gone from the membership table."
            : $"the cluster declared it dead (votes: {string.Join(", ", entry.SuspectTimes.Select(v => v.Suspecter))}).";
        Log.DeclaredDeadSelf(_logger, SiloAddress, reason);
        StopPeriodicWork();
        CompleteUpdates();
        _lifecycle.RequestStop(reason);
    }

    private void StartTimer(Work work, TimeSpan period)
    {
        var state = new TimerState(this, work);
        _timers.Add(_time.CreateTimer(static s => ((TimerState)s!).Fire(), state, period, period));
    }

    private void StopPeriodicWork()
    {
        lock (_lock)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }

        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Fire(Work work)
    {
        if (_stopping.IsCancellationRequested || Interlocked.CompareExchange(ref _busy[(int)work], 1, 0) != 0)
        {
            return; // the previous run is still going: skip this tick rather than pile up
        }

        _ = RunAsync(work);
    }

    private async Task RunAsync(Work work)
    {
        try
        {
            var token = _stopping.Token;
            var task = work switch
            {
                Work.IAmAlive => WriteIAmAliveAsync(token),
                Work.Refresh => RefreshAsync(token),
                Work.Probe => ProbeRoundAsync(token),
                _ => CleanupDefunctAsync(token),
            };
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.PeriodicWorkFailed(_logger, ex, _self, work.ToString());
        }
        finally
        {
            Volatile.Write(ref _busy[(int)work], 0);
        }
    }

    internal async Task WriteIAmAliveAsync(CancellationToken cancellationToken)
    {
        if (_ownEntry is not { } own || IsDeclaredDead)
        {
            return;
        }

        var alive = own with { IAmAliveTime = _time.GetUtcNow() };
        await _table.UpdateIAmAliveAsync(alive, cancellationToken).ConfigureAwait(false);
        _ownEntry = alive;
    }

    internal async Task CleanupDefunctAsync(CancellationToken cancellationToken)
    {
        if (IsDeclaredDead)
        {
            return;
        }

        var before = _time.GetUtcNow() - _options.DefunctSiloExpiration;
        await _table.CleanupDefunctSiloEntriesAsync(before, cancellationToken).ConfigureAwait(false);
        Log.DefunctRowsCleaned(_logger, SiloAddress, before);
    }

    private sealed class TimerState(MembershipAgent agent, Work work)
    {
        public void Fire() => agent.Fire(work);
    }
}
