namespace Granary.Runtime.Tests.Grains;

public interface IStringKeyGrain : IGrainWithStringKey
{
    Task<string> GetKey();
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Guid> GetKey();
}

public interface ILongKeyGrain : IGrainWithIntegerKey
{
    Task<long> GetKey();
}

public interface IGuidCompoundKeyGrain : IGrainWithGuidCompoundKey
{
    Task<string> GetKey();
}

public interface ILongCompoundKeyGrain : IGrainWithIntegerCompoundKey
{
    Task<string> GetKey();
}
