using Granary.Invocation;

namespace Granary.Serialization;

/// <summary>
/// The outcome of a call on the wire: field 0 the result (by the method's declared result type) or field 1 the
/// exception. Called by generated request classes, which know <typeparamref name="TResult"/>.
/// </summary>
public static class WireResponse
{
    public const uint ResultField = 0;
    public const uint ExceptionField = 1;

    /// <summary>Writes the outcome of a request that has completed (after <see cref="GrainRequest.SignalOutcome"/>).</summary>
    public static void Write<TResult>(GrainRequest<TResult> request, WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(writer);
        var outcome = request.AsValueTask();
        if (!outcome.IsCompleted)
        {
            throw new InvalidOperationException($"{request} has no outcome yet; signal it before writing the response.");
        }

        if (outcome.IsCompletedSuccessfully)
        {
            writer.WriteField(ResultField, outcome.Result);
            return;
        }

        Exception exception;
        try
        {
            _ = outcome.Result;
            return;
        }
        catch (Exception thrown)
        {
            exception = thrown;
        }

        writer.WriteField(ExceptionField, exception);
    }

    /// <summary>Reads an outcome up to the end of the enclosing object, then completes <paramref name="request"/> with it.</summary>
    public static void Read<TResult>(GrainRequest<TResult> request, WireReader reader)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reader);
        TResult result = default!;
        Exception? exception = null;
        while (true)
        {
            var field = reader.ReadFieldHeader();
            if (field.IsEndObject)
            {
                break;
            }

            switch (field.Id)
            {
                case ResultField:
                    result = reader.ReadField<TResult>(field);
                    break;
                case ExceptionField:
                    exception = reader.ReadField<Exception>(field) ?? new WireFormatException("A response carried a null exception.");
                    break;
                default:
                    reader.SkipField(field);
                    break;
            }
        }

        if (exception is not null)
        {
            request.TrySetException(exception);
        }
        else
        {
            request.TrySetResult(result);
        }
    }
}
