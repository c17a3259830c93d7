using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Granary.Grains.Inventory;

namespace Granary.ApiGateway.Contracts;

public sealed record RestockRequest(
    [property: Required, Description("Units to add: 1 to 1,000,000.")] int? Quantity);

public sealed record StockResponse(string Sku, int OnHand, int Reserved, int Available)
{
    public static StockResponse From(StockLevel level) => new(level.Sku, level.OnHand, level.Reserved, level.Available);
}
