namespace Granary.Streams;

/// <summary>
/// Implemented by a grain that wants to be told of each subscription (implicit or explicit) before its first
/// event reaches this activation, so it can attach an observer: <c>handleFactory.Create&lt;T&gt;().ResumeAsync(observer)</c>.
/// </summary>
public interface IStreamSubscriptionObserver
{
    Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory);
}
