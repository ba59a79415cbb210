namespace MailTls;

/// <summary>A TLSA record to publish for a certificate (New-DaneTlsa), in the forms DNS consoles and zone files take.</summary>
public sealed class TlsaRecordDraft
{
    internal TlsaRecordDraft()
    {
    }

    /// <summary>The owner name, e.g. _25._tcp.mx.contoso.com.</summary>
    public string Name { get; internal set; } = string.Empty;

    public string Host { get; internal set; } = string.Empty;

    public int Port { get; internal set; }

    public int Usage { get; internal set; }

    public int Selector { get; internal set; }

    public int MatchingType { get; internal set; }

    public string Data { get; internal set; } = string.Empty;

    /// <summary>The record data, e.g. "3 1 1 C11D…".</summary>
    public string Record { get; internal set; } = string.Empty;

    /// <summary>The zone-file line: "_25._tcp.mx.contoso.com. IN TLSA 3 1 1 C11D…".</summary>
    public string ZoneLine { get; internal set; } = string.Empty;

    /// <summary>The subject of the certificate the record pins.</summary>
    public string Certificate { get; internal set; } = string.Empty;

    /// <summary>When that certificate expires: publish the next one's record before then.</summary>
    /// <summary>When the certificate expires, ISO 8601 UTC.</summary>
    public string CertificateNotAfter { get; internal set; } = string.Empty;

    public override string ToString() => ZoneLine;
}
