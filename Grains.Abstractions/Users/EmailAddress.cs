using Granary.Grains.Common;

namespace Granary.Grains.Users;

/// <summary>Email rules shared by the gateway and the grains: one normal form, so uniqueness is case-insensitive.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>The key of the email's <see cref="IEmailIndexGrain"/>: trimmed, lower-cased (invariant).</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var trimmed = email.Trim();
        var at = trimmed.IndexOf('@');
        return trimmed.Length <= MaxLength
            && at > 0
            && at == trimmed.LastIndexOf('@')
            && at < trimmed.Length - 1
            && !trimmed.Any(char.IsWhiteSpace)
            && !trimmed.Any(char.IsControl);
    }

    internal static void Check(ValidationErrors errors, string? email, string field = "email")
        => errors.Require(IsValid(email), field, $"must be an email address of at most {MaxLength} characters");
}
