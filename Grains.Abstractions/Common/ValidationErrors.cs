using Granary.Grains.Errors;

namespace Granary.Grains.Common;

/// <summary>Collects every problem of one input (field → messages) so the caller hears all of them at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }
    }

    /// <summary>Text of 1..<paramref name="maxLength"/> characters (or 0.. when not <paramref name="required"/>).</summary>
    public void RequireText(string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Require(!required, field, "is required");
            return;
        }

        Require(value.Length <= maxLength, field, $"must be at most {maxLength} characters");
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
