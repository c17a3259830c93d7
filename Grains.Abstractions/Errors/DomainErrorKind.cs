namespace Granary.Grains.Errors;

/// <summary>What kind of refusal a <see cref="DomainException"/> is; the gateway maps it to an HTTP status.</summary>
public enum DomainErrorKind
{
    /// <summary>The input breaks a rule on its own (400).</summary>
    Invalid,

    /// <summary>The thing asked for does not exist, or is not the caller's (404).</summary>
    NotFound,

    /// <summary>The input is well-formed but contradicts the current state (409).</summary>
    Conflict,

    /// <summary>The input refers to things the shop cannot act on (422): unknown or discontinued products.</summary>
    Unprocessable,
}
