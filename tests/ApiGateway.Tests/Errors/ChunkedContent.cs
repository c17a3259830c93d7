using System.Net;
using System.Text;

namespace Granary.ApiGateway.Tests.Errors;

/// <summary>A JSON body sent without a <c>Content-Length</c> (chunked): its size is only known by reading it.</summary>
public sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedContent(string json)
    {
        _bytes = Encoding.UTF8.GetBytes(json);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        foreach (var chunk in _bytes.Chunk(4096))
        {
            await stream.WriteAsync(chunk);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
