using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Granary.ApiGateway.Errors;

/// <summary>
/// Refuses a request body above <see cref="RequestLimitOptions.MaxBodySize"/> with 400 problem details: at once when
/// <c>Content-Length</c> says so, else as soon as the bytes read pass it (chunked bodies). It replaces the server's own
/// limit so that every host (Kestrel, the test server) answers the same way.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    private static readonly object TooLargeKey = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxBodySize;
        if (context.Request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit, () => context.Items[TooLargeKey] = true);
        await next(context);
    }

    /// <summary>True when this request's body passed the limit while it was read (the request then ends with 400 and no body of its own).</summary>
    public static bool WasTooLarge(HttpContext context) => context.Items.ContainsKey(TooLargeKey);

    public static string TooLargeMessage(long limit) => $"must be at most {limit} bytes";

    private static async Task WriteTooLargeAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var problem = Problems.Validation(Problems.Field("body", TooLargeMessage(limit)), "body-too-large");
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private sealed class LimitedReadStream(Stream inner, long limit, Action onExceeded) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                onExceeded();
                // Minimal APIs answer a BadHttpRequestException met while reading the body with its status code.
                throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status400BadRequest);
            }

            return read;
        }
    }
}
