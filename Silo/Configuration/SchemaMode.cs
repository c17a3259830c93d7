namespace Granary.Silo.Configuration;

/// <summary>What a silo does with the database schema at start-up.</summary>
public enum SchemaMode
{
    /// <summary>Apply the shipped scripts that are missing (idempotent; concurrent silos serialize on a lock).</summary>
    Migrate,

    /// <summary>Only check that every shipped script has been applied (a Kubernetes Job ran <c>migrate</c>); refuse to start otherwise.</summary>
    Verify,
}
