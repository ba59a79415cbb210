namespace MailTls;

/// <summary>One address of one MX host, checked as an MTA-STS sender in enforce mode would check it.</summary>
public sealed class MtaStsExchanger
{
    internal MtaStsExchanger()
    {
    }

    public string Domain { get; internal set; } = string.Empty;

    public string Exchange { get; internal set; } = string.Empty;

    public int? Preference { get; internal set; }

    public string Address { get; internal set; } = string.Empty;

    /// <summary>The policy's mx pattern that covers this host; empty when none does.</summary>
    public string MatchedPattern { get; internal set; } = string.Empty;

    public bool Covered { get; internal set; }

    public bool? StartTlsOffered { get; internal set; }

    public TlsVersion? Protocol { get; internal set; }

    /// <summary>The certificate chains to a trusted root and is valid for the MX host name.</summary>
    public bool? CertificateValid { get; internal set; }

    /// <summary>A sender enforcing this policy would deliver to this address; empty when it was not probed.</summary>
    public bool? PassesEnforce { get; internal set; }

    /// <summary>Why not, in one sentence; empty when it would.</summary>
    public string Problem { get; internal set; } = string.Empty;

    /// <summary>The full probe behind this row.</summary>
    public SmtpTlsResult? Probe { get; internal set; }

    public override string ToString() => $"{Exchange} [{Address}]: {(PassesEnforce == true ? "ok" : Problem)}";
}
