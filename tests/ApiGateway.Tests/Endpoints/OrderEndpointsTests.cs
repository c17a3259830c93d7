using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Granary.ApiGateway.Tests.Hosting;
using Granary.Grains.Catalog;
using Granary.Grains.Payments;
using Granary.Silo.Tests.Hosting;

namespace Granary.ApiGateway.Tests.Endpoints;

/// <summary><c>/orders</c>: placing (201 or 202, idempotent by key), reading and cancelling.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OrderEndpointsTests(GatewayCluster shop)
{
    private readonly ShopApi _api = shop.Api;

    [Fact]
    public async Task An_order_that_completes_within_the_budget_is_a_201_with_its_location()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "buy", price: 250, stock: 10);
        var buyer = await _api.NewCustomerAsync();

        var response = await _api.PlaceAsync(buyer.Token, "order-201", ShopApi.Order("tok_ok", (sku, 3)));

        var order = await ShopApi.ExpectAsync(response, HttpStatusCode.Created);
        var orderId = order.GetProperty("orderId").GetGuid();
        Assert.Equal($"/orders/{orderId}", response.Headers.Location?.OriginalString);
        Assert.Equal(buyer.UserId, order.GetProperty("userId").GetGuid());
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        var item = Assert.Single(order.GetProperty("items").EnumerateArray());
        Assert.Equal(sku, item.GetProperty("sku").GetString());
        Assert.Equal(3, item.GetProperty("quantity").GetInt32());
        Assert.Equal(250, item.GetProperty("unitPrice").GetProperty("amount").GetInt64());
        Assert.Equal(750, order.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal("USD", order.GetProperty("total").GetProperty("currency").GetString());
        Assert.EndsWith("Z", order.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", order.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);

        var read = await ShopApi.ExpectAsync(await _api.GetAsync($"/orders/{orderId}", buyer.Token), HttpStatusCode.OK);
        Assert.Equal("Confirmed", read.GetProperty("status").GetString());
        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(7, level.GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task A_slow_payment_is_a_202_whose_location_is_polled_until_confirmed()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "slow", stock: 5);
        var buyer = await _api.NewCustomerAsync("patient");
        var clock = Stopwatch.StartNew();

        var response = await _api.PlaceAsync(buyer.Token, "order-202", ShopApi.Order("tok_slow", (sku, 1)));

        var accepted = await ShopApi.ExpectAsync(response, HttpStatusCode.Accepted);
        Assert.True(clock.Elapsed < GatewayCluster.SlowPayment, $"answered after {clock.Elapsed}, not before the payment");
        Assert.Equal("Pending", accepted.GetProperty("status").GetString());
        var orderId = accepted.GetProperty("orderId").GetGuid();
        Assert.Equal($"/orders/{orderId}", response.Headers.Location?.OriginalString);

        var polled = await ShopApi.ExpectAsync(await _api.GetAsync(response.Headers.Location!.OriginalString, buyer.Token), HttpStatusCode.OK);
        Assert.Equal(orderId, polled.GetProperty("orderId").GetGuid());
        var final = await _api.FinalAsync(buyer.Token, orderId);
        Assert.Equal("Confirmed", final.GetProperty("status").GetString());
        Assert.Equal(PaymentStatus.Captured, (await shop.Grains.GetGrain<IPaymentGrain>(orderId).Get()).Status);
    }

    [Fact]
    public async Task The_same_key_and_body_give_the_same_order_and_one_charge()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "idem", price: 400, stock: 10);
        var buyer = await _api.NewCustomerAsync("repeat");
        var order = ShopApi.Order("tok_ok", (sku, 2));

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _api.PlaceAsync(buyer.Token, "checkout-1", order)));
        var again = await _api.PlaceAsync(buyer.Token, "checkout-1", order);

        var ids = new List<Guid>();
        foreach (var response in concurrent.Append(again))
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Accepted });
            ids.Add((await ShopApi.JsonAsync(response)).GetProperty("orderId").GetGuid());
        }

        var orderId = Assert.Single(ids.Distinct());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var final = await _api.FinalAsync(buyer.Token, orderId);
        Assert.Equal("Confirmed", final.GetProperty("status").GetString());
        var payment = await shop.Grains.GetGrain<IPaymentGrain>(orderId).Get();
        Assert.Equal(PaymentStatus.Captured, payment.Status);
        Assert.Equal(800, payment.Amount!.Value.Amount);
        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(8, level.GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_409()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "conflict", stock: 10);
        var buyer = await _api.NewCustomerAsync("conflicted");
        await _api.PlaceFinalAsync(buyer.Token, "checkout-2", ShopApi.Order("tok_ok", (sku, 1)));

        var otherLines = await _api.PlaceAsync(buyer.Token, "checkout-2", ShopApi.Order("tok_ok", (sku, 2)));
        var otherToken = await _api.PlaceAsync(buyer.Token, "checkout-2", ShopApi.Order("tok_other", (sku, 1)));

        Assert.Equal("idempotency-conflict", (await ShopApi.ProblemAsync(otherLines, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await ShopApi.ProblemAsync(otherToken, HttpStatusCode.Conflict);
        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(9, level.GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task A_key_names_an_order_of_its_user_only()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "per-user", stock: 10);
        var first = await _api.NewCustomerAsync("first");
        var second = await _api.NewCustomerAsync("second");

        var a = await _api.PlaceFinalAsync(first.Token, "shared-key", ShopApi.Order("tok_ok", (sku, 1)));
        var b = await _api.PlaceFinalAsync(second.Token, "shared-key", ShopApi.Order("tok_ok", (sku, 2)));

        Assert.NotEqual(a.GetProperty("orderId").GetGuid(), b.GetProperty("orderId").GetGuid());
        Assert.Equal(second.UserId, b.GetProperty("userId").GetGuid());
    }

    [Fact]
    public async Task Unknown_and_discontinued_skus_are_a_422_and_nothing_is_ordered()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "stopped", stock: 5);
        await shop.Grains.GetGrain<IProductGrain>(sku).Discontinue();
        var buyer = await _api.NewCustomerAsync("unlucky");
        var unknown = ShopApi.NewSku("unknown");

        var missing = await ShopApi.ProblemAsync(
            await _api.PlaceAsync(buyer.Token, "unknown-sku", ShopApi.Order("tok_ok", (unknown, 1))),
            HttpStatusCode.UnprocessableEntity);
        var stopped = await ShopApi.ProblemAsync(
            await _api.PlaceAsync(buyer.Token, "stopped-sku", ShopApi.Order("tok_ok", (sku, 1))),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal("unknown-sku", missing.GetProperty("code").GetString());
        Assert.Contains(unknown, missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("product-discontinued", stopped.GetProperty("code").GetString());
        var orders = await ShopApi.ExpectAsync(await _api.GetAsync("/orders", buyer.Token), HttpStatusCode.OK);
        Assert.Equal(0, orders.GetArrayLength());
    }

    [Fact]
    public async Task A_declined_payment_and_missing_stock_are_final_states_reached_with_201()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "finals", stock: 2);
        var buyer = await _api.NewCustomerAsync("finals");

        var declined = await ShopApi.ExpectAsync(await _api.PlaceAsync(buyer.Token, "declined", ShopApi.Order("tok_decline", (sku, 1))), HttpStatusCode.Created);
        var rejected = await ShopApi.ExpectAsync(await _api.PlaceAsync(buyer.Token, "too-many", ShopApi.Order("tok_ok", (sku, 3))), HttpStatusCode.Created);

        Assert.Equal("PaymentFailed", declined.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(declined.GetProperty("reason").GetString()));
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        Assert.Contains("out of stock", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(2, level.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task The_callers_orders_are_listed_newest_first()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "history", stock: 10);
        var buyer = await _api.NewCustomerAsync("history");
        var older = (await _api.PlaceFinalAsync(buyer.Token, "history-1", ShopApi.Order("tok_ok", (sku, 1)))).GetProperty("orderId").GetGuid();
        var newer = (await _api.PlaceFinalAsync(buyer.Token, "history-2", ShopApi.Order("tok_decline", (sku, 1)))).GetProperty("orderId").GetGuid();

        JsonElement orders = default;
        await Eventually.SucceedsAsync(
            async () =>
            {
                orders = await ShopApi.ExpectAsync(await _api.GetAsync("/orders", buyer.Token), HttpStatusCode.OK);
                return orders.EnumerateArray().Count(o => o.GetProperty("status").GetString() != "Pending") == 2;
            },
            "the order history to hold both orders in their final state");

        Assert.Equal([newer, older], orders.EnumerateArray().Select(o => o.GetProperty("orderId").GetGuid()));
        Assert.Equal(["PaymentFailed", "Confirmed"], orders.EnumerateArray().Select(o => o.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Cancelling_refunds_and_returns_the_units_once()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "cancel", price: 300, stock: 4);
        var buyer = await _api.NewCustomerAsync("regretful");
        var orderId = (await _api.PlaceFinalAsync(buyer.Token, "cancel-me", ShopApi.Order("tok_ok", (sku, 3)))).GetProperty("orderId").GetGuid();

        var cancelled = await ShopApi.ExpectAsync(await _api.SendAsync(HttpMethod.Post, $"/orders/{orderId}/cancel", token: buyer.Token), HttpStatusCode.OK);
        var again = await ShopApi.ExpectAsync(await _api.SendAsync(HttpMethod.Post, $"/orders/{orderId}/cancel", token: buyer.Token), HttpStatusCode.OK);

        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("Cancelled", again.GetProperty("status").GetString());
        Assert.Equal(PaymentStatus.Refunded, (await shop.Grains.GetGrain<IPaymentGrain>(orderId).Get()).Status);
        var level = await ShopApi.ExpectAsync(await _api.GetAsync($"/inventory/{sku}", admin), HttpStatusCode.OK);
        Assert.Equal(4, level.GetProperty("onHand").GetInt32());
        Assert.Equal(4, level.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_failed_order_is_not_cancellable_and_an_unknown_one_is_not_found()
    {
        var admin = await _api.AdminTokenAsync();
        var sku = await _api.NewProductAsync(admin, "not-cancellable", stock: 4);
        var buyer = await _api.NewCustomerAsync("stubborn");
        var orderId = (await _api.PlaceFinalAsync(buyer.Token, "declined", ShopApi.Order("tok_decline", (sku, 1)))).GetProperty("orderId").GetGuid();

        var refused = await ShopApi.ProblemAsync(await _api.SendAsync(HttpMethod.Post, $"/orders/{orderId}/cancel", token: buyer.Token), HttpStatusCode.Conflict);
        Assert.Equal("order-not-cancellable", refused.GetProperty("code").GetString());
        await ShopApi.ProblemAsync(await _api.SendAsync(HttpMethod.Post, $"/orders/{Guid.NewGuid()}/cancel", token: buyer.Token), HttpStatusCode.NotFound);
        await ShopApi.ProblemAsync(await _api.GetAsync($"/orders/{Guid.NewGuid()}", buyer.Token), HttpStatusCode.NotFound);
        await ShopApi.ValidationProblemAsync(await _api.GetAsync("/orders/not-a-uuid", buyer.Token), "orderId");
        await ShopApi.ValidationProblemAsync(await _api.SendAsync(HttpMethod.Post, "/orders/123/cancel", token: buyer.Token), "orderId");
    }
}
