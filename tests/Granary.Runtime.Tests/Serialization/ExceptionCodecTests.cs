using Granary.Serialization;

namespace Granary.Runtime.Tests.Serialization;

/// <summary>Exceptions keep their type when it can be re-created here, and otherwise arrive as RemoteGrainException.</summary>
public sealed class ExceptionCodecTests
{
    private readonly WireTestHarness _harness = new();

    [Fact]
    public void Known_exception_keeps_type_message_inner_hresult_data_and_remote_stack()
    {
        var thrown = Throw(() => throw new WireTestException("outer", new ArgumentException("inner", "param")));
        thrown.HResult = 1234;
        thrown.Data["attempt"] = 3;
        thrown.Data["where"] = "silo-1";
        thrown.Data["skipped"] = new List<int>();

        var copy = Assert.IsType<WireTestException>(_harness.RoundTrip<Exception>(thrown));
        Assert.Equal("outer", copy.Message);
        Assert.Equal(1234, copy.HResult);
        Assert.Equal(3, copy.Data["attempt"]);
        Assert.Equal("silo-1", copy.Data["where"]);
        Assert.False(copy.Data.Contains("skipped"));
        var inner = Assert.IsType<ArgumentException>(copy.InnerException);
        Assert.StartsWith("inner", inner.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Known_exception_keeps_type_message_inner_hresult_data_and_remote_stack), copy.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_as_a_declared_derived_type()
    {
        var copy = _harness.RoundTrip(new InvalidOperationException("nope"));
        Assert.Equal("nope", copy.Message);
        Assert.IsType<InvalidOperationException>(_harness.RoundTrip<object>(new InvalidOperationException("x")));
    }

    [Fact]
    public void Unconstructible_exception_becomes_remote_grain_exception()
    {
        var thrown = Throw(() => throw new UnconstructibleException(7));
        var copy = Assert.IsType<RemoteGrainException>(_harness.RoundTrip<Exception>(thrown));
        Assert.Equal(typeof(UnconstructibleException).FullName, copy.OriginalTypeName);
        Assert.Equal("code 7", copy.OriginalMessage);
        Assert.Contains(nameof(Unconstructible_exception_becomes_remote_grain_exception), copy.RemoteStackTrace, StringComparison.Ordinal);
        Assert.IsAssignableFrom<GranaryException>(copy);
    }

    [Fact]
    public void Unknown_exception_type_becomes_remote_grain_exception_and_round_trips_as_such()
    {
        // Rewrite the type name to one no loaded assembly declares, as a peer with other assemblies would send.
        var bytes = _harness.Serialize<Exception>(new WireTestException("msg"));
        var known = System.Text.Encoding.UTF8.GetBytes(typeof(WireTestException).FullName!);
        var index = bytes.AsSpan().IndexOf(known);
        Assert.True(index > 0);
        bytes[index + known.Length - 1] = (byte)'X';

        var copy = Assert.IsType<RemoteGrainException>(_harness.Deserialize<Exception>(bytes));
        Assert.Equal(typeof(WireTestException).FullName![..^1] + "X", copy.OriginalTypeName);
        Assert.Equal("msg", copy.OriginalMessage);

        var again = Assert.IsType<RemoteGrainException>(_harness.RoundTrip<Exception>(copy));
        Assert.Equal(copy.OriginalTypeName, again.OriginalTypeName);
    }

    private static Exception Throw(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new InvalidOperationException("did not throw");
    }
}
