using Orleans.Runtime;
using Orleans.Storage;

namespace Granary.Extensions.Tests.Schema;

/// <summary>
/// The checks both databases must pass, run through Orleans' own ADO.NET providers (grain storage, reminder table)
/// against the project's scripts. Each takes the services of a started silo.
/// </summary>
internal static class ProviderContract
{
    private const string GrainType = "Granary.Tests.ContractState";

    /// <summary>A grain writes, reads back after reactivation, clears and writes again; the row follows.</summary>
    public static async Task GrainStateRoundTripsAsync(IGrainFactory grains, ScratchDatabase database, CancellationToken cancellationToken)
    {
        var counter = grains.GetGrain<ICounterGrain>("round-trip-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(1, await counter.IncrementAsync());
        Assert.Equal(2, await counter.IncrementAsync());
        await counter.DeactivateAsync();
        Assert.Equal(2, await counter.GetAsync());
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM OrleansStorage WHERE Version = 2 AND PayloadBinary IS NOT NULL", cancellationToken));

        await counter.ClearAsync();
        Assert.Equal(0, await counter.GetAsync());
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM OrleansStorage WHERE Version = 3 AND PayloadBinary IS NULL", cancellationToken));

        await counter.DeactivateAsync();
        Assert.Equal(0, await counter.GetAsync());
        Assert.Equal(1, await counter.IncrementAsync());
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM OrleansStorage WHERE Version = 4 AND PayloadBinary IS NOT NULL", cancellationToken));
    }

    /// <summary>Guid, integer and string keys, with and without extensions (and a long one), never collide.</summary>
    public static async Task KeysOfEveryShapeRoundTripAsync(IGrainStorage storage)
    {
        var type = Orleans.Runtime.GrainType.Create("contract");
        var guid = Guid.NewGuid();
        GrainId[] ids =
        [
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "extension")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42, "extension")),
            GrainId.Create("contract", "string-" + guid.ToString("N")),
            GrainId.Create("contract", new string('k', 4000)),
        ];

        for (var i = 0; i < ids.Length; i++)
        {
            var state = await ReadAsync(storage, ids[i]);
            Assert.False(state.RecordExists);
            Assert.Null(state.ETag);
            state.State = new CounterState { Count = i + 1 };
            await storage.WriteStateAsync(GrainType, ids[i], state);
            Assert.True(state.RecordExists);
            Assert.NotNull(state.ETag);
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var state = await ReadAsync(storage, ids[i]);
            Assert.True(state.RecordExists);
            Assert.Equal(i + 1, state.State!.Count);
            await storage.ClearStateAsync(GrainType, ids[i], state);
            Assert.False(state.RecordExists);
        }

        foreach (var id in ids)
        {
            var cleared = await ReadAsync(storage, id);
            Assert.False(cleared.RecordExists);
            Assert.Equal(0, cleared.State!.Count);

            // A cleared row keeps a version, so the grain writes again from the ETag it just read.
            Assert.NotNull(cleared.ETag);
            cleared.State = new CounterState { Count = 100 };
            await storage.WriteStateAsync(GrainType, id, cleared);
            Assert.Equal(100, (await ReadAsync(storage, id)).State!.Count);
        }
    }

    /// <summary>Two writers from the same version: the second one's write (or clear) fails as Orleans expects.</summary>
    public static async Task StaleWritersConflictAsync(IGrainStorage storage)
    {
        var id = GrainId.Create("contract", "stale-" + Guid.NewGuid().ToString("N"));

        // Both saw no row: the second insert loses.
        var first = await ReadAsync(storage, id);
        var second = await ReadAsync(storage, id);
        first.State = new CounterState { Count = 1 };
        await storage.WriteStateAsync(GrainType, id, first);
        second.State = new CounterState { Count = 2 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainType, id, second));

        // Both saw version 1: the second update loses, and so does a clear at the stale version.
        var third = await ReadAsync(storage, id);
        first.State = new CounterState { Count = 3 };
        await storage.WriteStateAsync(GrainType, id, first);
        third.State = new CounterState { Count = 4 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(GrainType, id, third));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(GrainType, id, third));

        Assert.Equal(3, (await ReadAsync(storage, id)).State!.Count);
    }

    /// <summary>Many writers at once from the same version (none, then the first): exactly one wins each round.</summary>
    public static async Task ConcurrentWritersOneWinsAsync(IGrainStorage storage)
    {
        const int Writers = 8;
        var id = GrainId.Create("contract", "race-" + Guid.NewGuid().ToString("N"));
        for (var round = 0; round < 2; round++)
        {
            var states = new List<GrainState<CounterState>>();
            for (var i = 0; i < Writers; i++)
            {
                var state = await ReadAsync(storage, id);
                state.State = new CounterState { Count = (round * 100) + i };
                states.Add(state);
            }

            var outcomes = await Task.WhenAll(states.Select(state => Task.Run(async () =>
            {
                try
                {
                    await storage.WriteStateAsync(GrainType, id, state);
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            })));

            Assert.Single(outcomes, won => won);
            var winner = states[Array.IndexOf(outcomes, true)];
            Assert.Equal(winner.State!.Count, (await ReadAsync(storage, id)).State!.Count);
        }
    }

    /// <summary>With DeleteStateOnClear the row goes, the grain starts over without an ETag, and a stale clear conflicts.</summary>
    public static async Task DeleteOnClearRemovesTheRowAsync(IGrainStorage deletingStorage, ScratchDatabase database, CancellationToken cancellationToken)
    {
        var key = "delete-" + Guid.NewGuid().ToString("N");
        var id = GrainId.Create("contract", key);
        var first = await ReadAsync(deletingStorage, id);
        first.State = new CounterState { Count = 5 };
        await deletingStorage.WriteStateAsync(GrainType, id, first);
        var stale = await ReadAsync(deletingStorage, id);

        await deletingStorage.ClearStateAsync(GrainType, id, first);
        Assert.Null(first.ETag);
        Assert.Equal(0, await database.CountAsync($"SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString = '{key}'", cancellationToken));
        await Assert.ThrowsAsync<InconsistentStateException>(() => deletingStorage.ClearStateAsync(GrainType, id, stale));

        var again = await ReadAsync(deletingStorage, id);
        Assert.False(again.RecordExists);
        Assert.Null(again.ETag);
        again.State = new CounterState { Count = 6 };
        await deletingStorage.WriteStateAsync(GrainType, id, again);
        Assert.Equal(6, (await ReadAsync(deletingStorage, id)).State!.Count);
    }

    /// <summary>Register (twice: an update), look up, read by ring range, unregister; the table follows.</summary>
    public static async Task RemindersRegisterGetUnregisterAsync(IGrainFactory grains, IReminderTable table, ScratchDatabase database, CancellationToken cancellationToken)
    {
        var probe = grains.GetGrain<IReminderProbeGrain>(Guid.NewGuid());
        await probe.RegisterAsync("first");
        await probe.RegisterAsync("second");
        await probe.RegisterAsync("first");

        Assert.True(await probe.ExistsAsync("first"));
        Assert.Equal(2, await probe.CountAsync());
        Assert.Equal(2, await database.CountAsync("SELECT COUNT(*) FROM OrleansRemindersTable", cancellationToken));
        Assert.Equal(1, await database.CountAsync("SELECT Version FROM OrleansRemindersTable WHERE ReminderName = 'first'", cancellationToken));

        // The ring ranges a silo loads: (hash - 1, hash] holds the grain, (hash, hash - 1] (wrapping) does not.
        var grainId = probe.GetGrainId();
        var hash = grainId.GetUniformHashCode();
        Assert.Equal(2, (await table.ReadRows(hash - 1, hash)).Reminders.Count);
        Assert.Empty((await table.ReadRows(hash, hash - 1)).Reminders);
        Assert.Equal(2, (await table.ReadRows(grainId)).Reminders.Count);
        var entry = await table.ReadRow(grainId, "second");
        Assert.NotNull(entry);
        Assert.Equal(TimeSpan.FromHours(1), entry.Period);
        Assert.False(await table.RemoveRow(grainId, "second", "999"));

        await probe.UnregisterAsync("first");
        Assert.False(await probe.ExistsAsync("first"));
        Assert.Equal(1, await probe.CountAsync());
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM OrleansRemindersTable", cancellationToken));
    }

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(GrainType, id, state);
        return state;
    }
}
