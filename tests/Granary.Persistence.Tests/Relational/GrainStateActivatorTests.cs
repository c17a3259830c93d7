namespace Granary.Persistence.Tests.Relational;

public sealed class GrainStateActivatorTests
{
    [Fact]
    public void A_class_with_a_parameterless_constructor_is_created_fresh()
    {
        var first = GrainStateActivator.CreateEmpty<CartState>();
        var second = GrainStateActivator.CreateEmpty<CartState>();

        Assert.Equal(string.Empty, first.Owner);
        Assert.Empty(first.Items);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void A_value_type_is_its_default() => Assert.Equal(0, GrainStateActivator.CreateEmpty<int>());

    [Fact]
    public void A_string_state_is_not_supported()
    {
        var error = Assert.Throws<NotSupportedException>(GrainStateActivator.CreateEmpty<string>);

        Assert.Contains("wrap it in a class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_without_a_parameterless_constructor_is_not_supported()
    {
        var error = Assert.Throws<NotSupportedException>(GrainStateActivator.CreateEmpty<NeedsArguments>);

        Assert.Contains(typeof(NeedsArguments).ToString(), error.Message, StringComparison.Ordinal);
        Assert.IsType<MissingMethodException>(error.InnerException);
    }

    private sealed class NeedsArguments(string value)
    {
        public string Value { get; } = value;
    }
}
