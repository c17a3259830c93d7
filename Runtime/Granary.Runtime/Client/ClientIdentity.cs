namespace Granary.Client;

/// <summary>The name a client gives itself in connection handshakes and call headers; new for each run.</summary>
internal sealed record ClientIdentity(string Value)
{
    public static ClientIdentity New() => new($"client-{Guid.NewGuid():N}");
}
