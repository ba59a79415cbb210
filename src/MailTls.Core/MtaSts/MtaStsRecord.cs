namespace MailTls;

/// <summary>The _mta-sts TXT record of a domain, read as senders read it (RFC 8461 §3.1).</summary>
public sealed class MtaStsRecord
{
    internal MtaStsRecord()
    {
    }

    public string Domain { get; internal set; } = string.Empty;

    /// <summary>_mta-sts.&lt;domain&gt;</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Valid, Invalid or NotPublished: absence is an answer, not an error.</summary>
    public RecordStatus Status { get; internal set; }

    /// <summary>The v=STSv1 record as published (several joined with " | ").</summary>
    public string Record { get; internal set; } = string.Empty;

    public string Version { get; internal set; } = string.Empty;

    /// <summary>Changes whenever the policy changes, so senders fetch it again.</summary>
    public string Id { get; internal set; } = string.Empty;

    public bool IsPublished { get; internal set; }

    public bool IsValid { get; internal set; }

    /// <summary>Each a sentence naming the rule that is broken.</summary>
    public TextList Errors { get; internal set; } = TextList.None;

    public bool DnssecAuthenticated => Dnssec == Dns.DnssecStatus.Signed;

    /// <summary>Signed, Unsigned (proven by a validating resolver) or NotValidated (the resolver does not validate).</summary>
    public Dns.DnssecStatus Dnssec { get; internal set; }

    /// <summary>The resolver(s) asked for this answer.</summary>
    public string DnsServer { get; internal set; } = string.Empty;

    public override string ToString() => $"{Name}: {Status}";
}
