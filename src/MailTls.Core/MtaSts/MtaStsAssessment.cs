using System;

namespace MailTls;

/// <summary>
/// Whether senders will honour a domain's MTA-STS policy and whether enforcing it would bounce
/// mail: the record, the policy, every MX against the patterns and probed, TLS-RPT, the verdict.
/// </summary>
public sealed class MtaStsAssessment
{
    internal MtaStsAssessment()
    {
    }

    public string Domain { get; internal set; } = string.Empty;

    /// <summary>The policy's mode (enforce, testing, none), or empty when there is no usable policy.</summary>
    public string Mode { get; internal set; } = string.Empty;

    public bool RecordValid { get; internal set; }

    public string RecordId { get; internal set; } = string.Empty;

    public bool PolicyValid { get; internal set; }

    public TimeSpan? MaxAge { get; internal set; }

    /// <summary>Every MX address is covered by a pattern and passes the enforce checks.</summary>
    public bool AllMxPass { get; internal set; }

    /// <summary>Safe to set mode: enforce (or already enforcing) without bouncing mail.</summary>
    public bool ReadyToEnforce { get; internal set; }

    public bool TlsRptValid { get; internal set; }

    public TextList TlsRptRua { get; internal set; } = TextList.None;

    public MtaStsExchangerList Exchangers { get; internal set; } = new(Array.Empty<MtaStsExchanger>());

    public MtaStsRecord? Record { get; internal set; }

    public MtaStsPolicy? Policy { get; internal set; }

    public TlsRptRecord? TlsRpt { get; internal set; }

    public FindingList Findings { get; internal set; } = new(Array.Empty<Finding>());

    public Verdict Verdict { get; internal set; }

    public override string ToString() => $"{Domain}: MTA-STS {Verdict}";
}
