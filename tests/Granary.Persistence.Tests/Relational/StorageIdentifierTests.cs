using Granary.Persistence.Relational;

namespace Granary.Persistence.Tests.Relational;

public sealed class StorageIdentifierTests
{
    [Theory]
    [InlineData("granary_grain_state")]
    [InlineData("_private")]
    [InlineData("Cart_State2")]
    [InlineData("a")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Plain_identifiers_are_valid(string value) => Assert.True(StorageIdentifier.IsValid(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1st")]
    [InlineData("grain-state")]
    [InlineData("state; DROP TABLE users")]
    [InlineData("\"quoted\"")]
    [InlineData("schema.table")]
    [InlineData("états")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Anything_else_is_refused(string? value) => Assert.False(StorageIdentifier.IsValid(value));
}
