namespace Granary.TestInfrastructure;

/// <summary>
/// Test classes marked <c>[Collection(PostgresCollection.Name)]</c> share one <see cref="PostgresServer"/> and run
/// one after another, so a test may stop and restart the server without disturbing the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
