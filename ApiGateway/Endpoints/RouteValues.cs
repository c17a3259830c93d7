using System.Globalization;
using Granary.Grains.Common;

namespace Granary.ApiGateway.Endpoints;

/// <summary>Checks of route, query and header values, refused with 400 naming the value (never bound by the framework, which would answer without the field).</summary>
internal static class RouteValues
{
    /// <summary>A SKU route value: 1–64 characters of <c>A-Z a-z 0-9 - _</c>.</summary>
    public static string Sku(string sku)
    {
        Granary.Grains.Common.Sku.Validate(sku, "sku");
        return sku;
    }

    /// <summary>An order id route value: a UUID.</summary>
    public static Guid OrderId(string orderId)
    {
        var errors = new ValidationErrors();
        errors.Require(Guid.TryParse(orderId, out var id), "orderId", "must be a UUID");
        errors.ThrowIfAny();
        return id;
    }

    /// <summary>A whole number from the query string, <paramref name="fallback"/> when absent.</summary>
    public static int WholeNumber(string? value, string field, int fallback, ValidationErrors errors)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(field, "must be a whole number");
        return fallback;
    }
}
