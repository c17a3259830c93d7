using System.Globalization;

namespace Granary.Benchmarks.Shop;

/// <summary>
/// Names and descriptions of catalog-search's products, fixed per product number: one product in ten carries the
/// common word, one in ten thousand the rare word, and no other word contains either.
/// </summary>
internal static class CatalogText
{
    public const string CommonWord = "linen";
    public const string RareWord = "quokka";

    private static readonly string[] Adjectives =
    [
        "red", "blue", "green", "black", "white", "small", "large", "light", "heavy", "soft",
        "warm", "cool", "classic", "modern", "rustic", "bright", "quiet", "sturdy", "slim", "round",
    ];

    private static readonly string[] Things =
    [
        "mug", "lamp", "chair", "table", "shirt", "scarf", "kettle", "pillow", "blanket", "basket",
        "bottle", "candle", "clock", "desk", "glove", "jacket", "knife", "mirror", "plate", "towel",
        "vase", "wallet", "bucket", "brush", "jar",
    ];

    private static readonly string[] Materials = ["cotton", "wool", "oak", "steel", "glass", "paper", "stone", "silk", "clay", "bamboo"];

    public static string NameOf(int number)
    {
        var adjective = number % 10 == 0 ? CommonWord : Adjectives[number % Adjectives.Length];
        return $"{Capitalize(adjective)} {Things[number / Adjectives.Length % Things.Length]} {number.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string DescriptionOf(int number)
    {
        var material = Materials[number / 7 % Materials.Length];
        var extra = number % 10_000 == 7 ? $" Shown with a {RareWord} for scale." : string.Empty;
        return $"A {Adjectives[number / 3 % Adjectives.Length]} {Things[number % Things.Length]} made of {material}, "
            + $"sold by the benchmark shop, item {number.ToString(CultureInfo.InvariantCulture)}.{extra}";
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
