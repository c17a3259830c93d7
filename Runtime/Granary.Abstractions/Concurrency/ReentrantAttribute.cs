namespace Granary.Concurrency;

/// <summary>
/// Lets this grain class start a new call while another one awaits. Turns still never run in parallel:
/// interleaving happens only at <c>await</c> points.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
