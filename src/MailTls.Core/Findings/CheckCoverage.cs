namespace MailTls;

/// <summary>How much of what a verdict judges could be checked at all.</summary>
public enum CheckCoverage : long
{
    /// <summary>Everything was checked: the verdict is the worst finding's severity.</summary>
    Complete = 1,

    /// <summary>Some parts could not be checked (one MX unreachable): a failure still fails, anything else is Error.</summary>
    Partial,

    /// <summary>Nothing could be checked (DNS failed, the port is unreachable): Error.</summary>
    None,
}
