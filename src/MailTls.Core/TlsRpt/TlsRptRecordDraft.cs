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

    public override string ToString() => Record;
}
