using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Granary.Grains.Catalog;

namespace Granary.ApiGateway.Contracts;

public sealed record ProductWriteRequest(
    [property: Required, Description("1 to 200 characters.")] string? Name,
    [property: Description("At most 4000 characters.")] string? Description,
    [property: Required] MoneyRequest? Price);

public sealed record ProductResponse(
    string Sku,
    string Name,
    string Description,
    MoneyResponse Price,
    [property: Description("Units that can be ordered now.")] int Available)
{
    public static ProductResponse From(ProductView product, int available)
        => new(product.Sku, product.Name, product.Description, MoneyResponse.From(product.Price), product.Discontinued ? 0 : available);

    public static ProductResponse From(CatalogItem item)
        => new(item.Sku, item.Name, item.Description, MoneyResponse.From(item.Price), item.Available);
}

public sealed record ProductPageResponse(IReadOnlyList<ProductResponse> Items, int Page, int PageSize, long Total)
{
    public static ProductPageResponse From(CatalogPage page)
        => new([.. page.Items.Select(ProductResponse.From)], page.Page, page.PageSize, page.Total);
}
