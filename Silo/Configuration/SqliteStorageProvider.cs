namespace Granary.Silo.Configuration;

/// <summary>Which grain storage the embedded SQLite default uses (docs/storage.md compares them).</summary>
public enum SqliteStorageProvider
{
    /// <summary>The project's <c>SqliteGrainStorage</c>: one writer, group commit.</summary>
    Granary,

    /// <summary>Orleans' ADO.NET grain storage fed the project's SQLite scripts.</summary>
    AdoNet,
}
