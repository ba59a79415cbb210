using System;

namespace MailTls.Dane;

/// <summary>Whether a server's certificate chain matches its TLSA records, which record did, and why or why not. Immutable.</summary>
public sealed class DaneMatchResult
{
    public DaneMatchResult(bool matched, TlsaAssociation? record, string detail)
    {
        if (matched && record is null)
        {
            throw new ArgumentException("A match names the record that matched.", nameof(record));
        }

        Matched = matched;
        Record = matched ? record : null;
        Detail = detail ?? throw new ArgumentNullException(nameof(detail));
    }

    /// <summary>At least one usable TLSA record authenticates the server (RFC 6698: any one is enough).</summary>
    public bool Matched { get; }

    /// <summary>The record that matched; null when none did.</summary>
    public TlsaAssociation? Record { get; }

    /// <summary>What was tried, what the server presented, and what to publish or fix.</summary>
    public string Detail { get; }

    public override string ToString() => Detail;
}
