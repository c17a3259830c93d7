using Orleans.Storage;

namespace Granary.Extensions.Sqlite;

/// <summary>Settings of <see cref="SqliteGrainStorage"/>.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Microsoft.Data.Sqlite connection string of the file (its table comes from the schema scripts).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Most writes committed in one transaction (group commit: one fsync for all of them).</summary>
    public int MaxWritesPerCommit { get; set; } = 256;

    /// <summary>Serializer of grain state; Orleans' default (JSON) when unset.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
