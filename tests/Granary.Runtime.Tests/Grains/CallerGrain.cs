namespace Granary.Runtime.Tests.Grains;

public sealed class CallerGrain(Gates gates) : Grain, ICallerGrain
{
    private Payload _stored = new();
    private SharedPayload? _lastShared;

    public Task<string> AskKeyOf(IStringKeyGrain other) => other.GetKey();

    public Task<IStringKeyGrain> MakeReference(string key) => Task.FromResult(GrainFactory.GetGrain<IStringKeyGrain>(key));

    public async Task<int> CallBack(string otherKey, int depth) =>
        depth == 0 ? 0 : 1 + await GrainFactory.GetGrain<ICallerGrain>(otherKey).CallBack(this.GetPrimaryKeyString(), depth - 1);

    public Task<Payload> Echo(Payload payload) => Task.FromResult(payload);

    public Task<Payload> MutateAndReturn(Payload payload)
    {
        payload.Name += "!";
        payload.Numbers.Add(99);
        return Task.FromResult(payload);
    }

    public Task<Payload> GetStored() => Task.FromResult(_stored);

    public Task Store(Payload payload)
    {
        _stored = payload;
        return Task.CompletedTask;
    }

    public Task<SharedPayload> EchoImmutable(SharedPayload payload)
    {
        _lastShared = payload;
        return Task.FromResult(payload);
    }

    public Task<bool> IsSameInstance(SharedPayload payload) => Task.FromResult(ReferenceEquals(payload, _lastShared));

    public Task<Unregistered> EchoUnregistered(Unregistered value) => Task.FromResult(value);

    public Task<object> EchoObject(object value) => Task.FromResult(value);

    public Task WaitFor(string gate) => gates.WaitAsync(gate);
}
