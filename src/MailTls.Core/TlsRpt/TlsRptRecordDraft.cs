namespace MailTls;

/// <summary>A TLS-RPT record ready to publish.</summary>
public sealed class TlsRptRecordDraft
{
    internal TlsRptRecordDraft()
    {
    }

    /// <summary>Empty when no domain was given.</summary>
    public string Domain { get; internal set; } = string.Empty;

    /// <summary>_smtp._tls.&lt;domain&gt;</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>The TXT value, e.g. "v=TLSRPTv1; rua=mailto:tlsrpt@contoso.com".</summary>
    public string Record { get; internal set; } = string.Empty;

    public TextList Rua { get; internal set; } = TextList.None;

    /// <summary>
    /// The record as the TXT character-strings to publish: one when it fits in 255 bytes, else several,
    /// all in the one TXT record (receivers join them, RFC 8460 §3).
    /// </summary>
    public TextList Strings { get; internal set; } = TextList.None;

    /// <summary>The record as a zone-file line, each character-string quoted.</summary>
    public string ZoneLine { get; internal set; } = string.Empty;

    public override string ToString() => Record;
}
