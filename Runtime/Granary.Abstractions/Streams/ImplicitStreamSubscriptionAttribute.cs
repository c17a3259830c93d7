namespace Granary.Streams;

/// <summary>
/// Subscribes the grain class to every stream of <see cref="Namespace"/>, in every provider: an event on
/// stream (namespace, key) activates the grain whose key is that stream's key and delivers the event to it.
/// The grain attaches its observer in <c>OnActivateAsync</c> (<c>SubscribeAsync</c> on that stream) or by
/// implementing <see cref="IStreamSubscriptionObserver"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute(string @namespace) : Attribute
{
    public string Namespace { get; } = @namespace;
}
