using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Granary.Grains.Common;

namespace Granary.ApiGateway.Contracts;

/// <summary>An amount in integer minor units (cents) of an ISO 4217 currency.</summary>
public sealed record MoneyResponse(
    [property: Description("Integer minor units (cents).")] long Amount,
    [property: Description("ISO 4217 code, e.g. USD.")] string Currency)
{
    public static MoneyResponse From(Money money) => new(money.Amount, money.Currency);
}

/// <summary>A price as written: integer minor units (cents) of an ISO 4217 currency.</summary>
public sealed record MoneyRequest(
    [property: Required, Description("Integer minor units (cents), greater than 0.")] long? Amount,
    [property: Required, Description("ISO 4217 code in upper case, e.g. USD.")] string? Currency);
