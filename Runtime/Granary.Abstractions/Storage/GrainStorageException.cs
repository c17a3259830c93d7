namespace Granary.Storage;

/// <summary>A storage provider failed for a reason other than a version conflict (database down, bad data).</summary>
public sealed class GrainStorageException(string message, Exception innerException) : GranaryException(message, innerException);
