namespace Granary.Membership;

/// <summary>The membership table could not be read or written (database down, schema missing, ...). CAS conflicts are not errors: they return false.</summary>
public sealed class MembershipTableException : GranaryException
{
    public MembershipTableException(string message)
        : base(message)
    {
    }

    public MembershipTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
