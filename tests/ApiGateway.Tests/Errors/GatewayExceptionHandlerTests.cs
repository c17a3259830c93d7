using System.Data.Common;
using System.Net;
using System.Text.Json;
using Granary.ApiGateway.Cluster;
using Granary.ApiGateway.Errors;
using Granary.Grains.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Granary.ApiGateway.Tests.Errors;

/// <summary>How each kind of failure is answered: domain refusals by kind, cluster failures 503, anything else a bare 500.</summary>
public sealed class GatewayExceptionHandlerTests
{
    public static readonly TheoryData<Exception, HttpStatusCode, string> Failures = new()
    {
        { new ValidationFailedException(new Dictionary<string, string[]> { ["name"] = ["is required"] }), HttpStatusCode.BadRequest, "validation-failed" },
        { new NotFoundException("No order."), HttpStatusCode.NotFound, "not-found" },
        { new EmailTakenException("Taken."), HttpStatusCode.Conflict, "email-taken" },
        { new IdempotencyConflictException("Other body."), HttpStatusCode.Conflict, "idempotency-conflict" },
        { new OrderNotCancellableException("Too late."), HttpStatusCode.Conflict, "order-not-cancellable" },
        { new UnknownSkuException(["NOPE"]), HttpStatusCode.UnprocessableEntity, "unknown-sku" },
        { new ProductDiscontinuedException("Gone."), HttpStatusCode.UnprocessableEntity, "product-discontinued" },
        { new CurrencyMismatchException("Two currencies."), HttpStatusCode.UnprocessableEntity, "currency-mismatch" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Domain_refusals_are_answered_by_their_kind_with_their_code(Exception exception, HttpStatusCode status, string code)
    {
        var (context, problem) = await HandleAsync(exception);

        Assert.Equal((int)status, context.Response.StatusCode);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(exception.Message, problem.GetProperty("detail").GetString());
    }

    public static readonly TheoryData<Exception> Unavailable = new()
    {
        new SiloUnavailableException("The silo is gone."),
        new TimeoutException("Response did not arrive on time."),
        new ClusterUnavailableException("Not connected."),
        new GatewayTooBusyException(),
        new AggregateException(new TimeoutException()),
        new InvalidOperationException("Wrapped.", new FakeDbException()),
        new Orleans.Storage.InconsistentStateException("ETag mismatch."),
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task An_unreachable_cluster_or_database_is_a_503_with_retry_after_and_no_internals(Exception exception)
    {
        var (context, problem) = await HandleAsync(exception);

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        Assert.DoesNotContain(exception.Message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anything_else_is_a_500_that_shows_nothing_of_it()
    {
        var (context, problem) = await HandleAsync(new InvalidOperationException("connection string Password=hunter2 at Granary.Secret.Method"));

        Assert.Equal(500, context.Response.StatusCode);
        var body = problem.ToString();
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Granary.Secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_its_caller_abandoned_gets_no_answer()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = NewContext();
        context.RequestAborted = aborted.Token;

        var handled = await NewHandler(context).TryHandleAsync(context, new OperationCanceledException(aborted.Token), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(0, context.Response.Body.Length);
    }

    private static async Task<(HttpContext Context, JsonElement Problem)> HandleAsync(Exception exception)
    {
        var context = NewContext();
        Assert.True(await NewHandler(context).TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        return (context, (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone());
    }

    private static DefaultHttpContext NewContext()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return new DefaultHttpContext { RequestServices = services, Response = { Body = new MemoryStream() } };
    }

    private static GatewayExceptionHandler NewHandler(HttpContext context)
        => new(context.RequestServices.GetRequiredService<IProblemDetailsService>(), NullLogger<GatewayExceptionHandler>.Instance);

    private sealed class FakeDbException() : DbException("The database is down.");
}
