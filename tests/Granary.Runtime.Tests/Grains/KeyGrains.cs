namespace Granary.Runtime.Tests.Grains;

public sealed class StringKeyGrain : Grain, IStringKeyGrain
{
    public Task<string> GetKey() => Task.FromResult(this.GetPrimaryKeyString());
}

public sealed class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Guid> GetKey() => Task.FromResult(this.GetPrimaryKey());
}

public sealed class LongKeyGrain : Grain, ILongKeyGrain
{
    public Task<long> GetKey() => Task.FromResult(this.GetPrimaryKeyLong());
}

public sealed class GuidCompoundKeyGrain : Grain, IGuidCompoundKeyGrain
{
    public Task<string> GetKey() => Task.FromResult($"{this.GetPrimaryKey(out var extension)}+{extension}");
}

public sealed class LongCompoundKeyGrain : Grain, ILongCompoundKeyGrain
{
    public Task<string> GetKey() => Task.FromResult($"{this.GetPrimaryKeyLong(out var extension)}+{extension}");
}
