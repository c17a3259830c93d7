namespace Granary.Extensions.Tests.Streaming;

/// <summary>Where the test consumer writes what it received, somewhere that outlives the silo it ran on.</summary>
public interface IDeliveryRecorder
{
    Task RecordAsync(Guid stream, int sequence, string silo);
}
