namespace MailTls;

/// <summary>The _smtp._tls TXT record of a domain: where senders report TLS failures (RFC 8460 §3).</summary>
public sealed class TlsRptRecord
{
    internal TlsRptRecord()
    {
    }

    public string Domain { get; internal set; } = string.Empty;

    /// <summary>_smtp._tls.&lt;domain&gt;</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Valid, Invalid or NotPublished: absence is an answer, not an error.</summary>
    public RecordStatus Status { get; internal set; }

    public string Record { get; internal set; } = string.Empty;

    public string Version { get; internal set; } = string.Empty;

    /// <summary>Where reports go: mailto: and https: URIs.</summary>
    public TextList Rua { get; internal set; } = TextList.None;

    public bool IsPublished { get; internal set; }

    public bool IsValid { get; internal set; }

    /// <summary>Each a sentence naming the rule that is broken.</summary>
    public TextList Errors { get; internal set; } = TextList.None;

    public override string ToString() => $"{Name}: {Status}";
}
