namespace Granary.Serialization;

/// <summary>
/// Writes and reads values of exactly <typeparamref name="T"/>; generated for [GenerateSerializer] types and
/// built in for framework types. Nulls, back-references and polymorphism are handled by
/// <see cref="WireWriter.WriteField{T}"/> and <see cref="WireReader.ReadField{T}"/> before a codec is called.
/// </summary>
public interface IWireCodec<T>
{
    /// <summary>Writes a non-null <paramref name="value"/> as field <paramref name="fieldId"/>: its header, then its payload.</summary>
    void Write(WireWriter writer, uint fieldId, T value);

    /// <summary>Reads the payload of a field whose header <paramref name="field"/> was just read.</summary>
    T Read(WireReader reader, WireFieldHeader field);
}
