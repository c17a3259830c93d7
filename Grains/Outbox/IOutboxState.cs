namespace Granary.Grains.Outbox;

/// <summary>Grain state that carries an outbox of events not yet published.</summary>
public interface IOutboxState
{
    List<OutboxEntry> Outbox { get; }
}
