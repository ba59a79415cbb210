namespace MailTls;

/// <summary>A new MTA-STS policy and the TXT record that announces it, ready to publish.</summary>
public sealed class MtaStsPolicyDraft
{
    internal MtaStsPolicyDraft()
    {
    }

    /// <summary>Empty when no domain was given (then only the policy text is known).</summary>
    public string Domain { get; internal set; } = string.Empty;

    public MtaStsMode Mode { get; internal set; }

    public TextList Mx { get; internal set; } = TextList.None;

    /// <summary>How long senders keep the policy, in seconds.</summary>
    public long MaxAge { get; internal set; }

    /// <summary>The policy file's content, with CRLF line ends.</summary>
    public string Policy { get; internal set; } = string.Empty;

    /// <summary>Where the policy file must be served.</summary>
    public string PolicyUrl { get; internal set; } = string.Empty;

    /// <summary>The TXT record's owner name: _mta-sts.&lt;domain&gt;.</summary>
    public string RecordName { get; internal set; } = string.Empty;

    /// <summary>The TXT record's value, with a fresh id.</summary>
    public string Record { get; internal set; } = string.Empty;

    public string Id { get; internal set; } = string.Empty;

    /// <summary>The file the policy was written to, when -Path was given.</summary>
    public string Path { get; internal set; } = string.Empty;

    public override string ToString() => Policy;

    /// <summary>The same draft, noting the file it was written to.</summary>
    internal MtaStsPolicyDraft WrittenTo(string path) => new()
    {
        Domain = Domain,
        Mode = Mode,
        Mx = Mx,
        MaxAge = MaxAge,
        Policy = Policy,
        PolicyUrl = PolicyUrl,
        RecordName = RecordName,
        Record = Record,
        Id = Id,
        Path = path,
    };
}
