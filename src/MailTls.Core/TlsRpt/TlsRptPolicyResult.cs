using System;

namespace MailTls;

/// <summary>
/// One policy of one aggregate TLS report (RFC 8460 §4): who reported, for which days, about which
/// policy, and how many sessions succeeded and failed. What the sender wrote is kept as written;
/// where it departs from the RFC, Notes says how it was read.
/// </summary>
public sealed class TlsRptPolicyResult
{
    internal TlsRptPolicyResult()
    {
    }

    /// <summary>The sending organization (organization-name).</summary>
    public string? Organization { get; internal set; }

    public string? ContactInfo { get; internal set; }

    public string? ReportId { get; internal set; }

    /// <summary>Start of the reporting period, in UTC.</summary>
    public DateTimeOffset? StartDate { get; internal set; }

    /// <summary>End of the reporting period as the sender wrote it (23:59:59 or the next midnight), in UTC.</summary>
    public DateTimeOffset? EndDate { get; internal set; }

    /// <summary>sts, tlsa or no-policy-found, as written.</summary>
    public string? PolicyType { get; internal set; }

    public string? PolicyDomain { get; internal set; }

    /// <summary>The policy the sender applied, its lines (or TLSA records) joined with "; ".</summary>
    public string? PolicyString { get; internal set; }

    /// <summary>The MX host patterns the policy names, when the sender says.</summary>
    public TextList MxHost { get; internal set; } = TextList.None;

    public long? SuccessfulSessions { get; internal set; }

    public long? FailedSessions { get; internal set; }

    public TlsRptFailureDetailList FailureDetails { get; internal set; } = TlsRptFailureDetailList.None;

    /// <summary>The failed sessions the failure details add up to.</summary>
    public long DetailedFailedSessions { get; internal set; }

    /// <summary>True when failure details are given and do not add up to FailedSessions; both figures are kept.</summary>
    public bool FailureCountMismatch { get; internal set; }

    /// <summary>Where the report departs from RFC 8460 and how it was read.</summary>
    public TextList Notes { get; internal set; } = TextList.None;

    /// <summary>The file the report came from (the .json, .gz or .eml), or empty for -InputObject.</summary>
    public string SourceFile { get; internal set; } = string.Empty;

    public override string ToString() => $"{Organization} {ReportId}: {PolicyType} {PolicyDomain} {SuccessfulSessions}/{FailedSessions}";
}
