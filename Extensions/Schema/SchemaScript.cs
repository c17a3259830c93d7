namespace Granary.Extensions.Schema;

/// <summary>
/// One shipped schema step: <paramref name="Module"/> (clustering, persistence, reminders, streams) at
/// <paramref name="Version"/>. Versions of a module apply in order, each exactly once; a later version upgrades
/// in place what an earlier one created.
/// </summary>
public sealed record SchemaScript(string Module, int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script text, recorded when applied, so an edited shipped script is noticed.</summary>
    /// <remarks>Computed from <see cref="Sql"/> on each read, not stored: a copy made with <c>with { Sql = ... }</c> must not keep the old checksum.</remarks>
    public string Checksum => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}
