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

    /// <summary>The policy's mode (Enforce, Testing, None), or empty when there is no usable policy.</summary>
    public MtaStsMode? Mode { get; internal set; }

    public bool RecordValid { get; internal set; }

    public string RecordId { get; internal set; } = string.Empty;

    public bool PolicyValid { get; internal set; }

    /// <summary>The policy's max_age, in seconds.</summary>
    public long? MaxAge { get; internal set; }

    /// <summary>Every MX address is covered by a pattern and passes the enforce checks; empty when the MX hosts were not probed.</summary>
    public bool? AllMxPass { get; internal set; }

    /// <summary>Safe to set mode: enforce (or already enforcing) without bouncing mail; empty when that could not be checked (-SkipSmtpProbe, unreachable MX, null MX).</summary>
    public bool? ReadyToEnforce { get; internal set; }

    public bool TlsRptValid { get; internal set; }

    public TextList TlsRptRua { get; internal set; } = TextList.None;

    public MtaStsExchangerList Exchangers { get; internal set; } = new(Array.Empty<MtaStsExchanger>());

    public MtaStsRecord? Record { get; internal set; }

    public MtaStsPolicy? Policy { get; internal set; }

    public TlsRptRecord? TlsRpt { get; internal set; }

    public FindingList Findings { get; internal set; } = new(Array.Empty<Finding>());

    public Verdict Verdict { get; internal set; }

    internal System.Collections.Generic.IReadOnlyList<Smtp.ProbeFault> Faults { get; set; } = Array.Empty<Smtp.ProbeFault>();

    /// <summary>MX addresses MailTls itself failed to probe: faults of its own, reported as errors, never as findings.</summary>
    public System.Collections.Generic.IReadOnlyList<Smtp.ProbeFault> GetProbeFaults() => Faults;

    public override string ToString() => $"{Domain}: MTA-STS {Verdict}";
}
