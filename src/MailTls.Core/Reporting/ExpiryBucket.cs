namespace MailTls.Reporting;

/// <summary>How soon a domain's first MX certificate expires, as the report's chart groups it.</summary>
internal enum ExpiryBucket
{
    Expired,
    Within14Days,
    Within30Days,
    Later,

    /// <summary>No certificate was seen.</summary>
    None,
}
