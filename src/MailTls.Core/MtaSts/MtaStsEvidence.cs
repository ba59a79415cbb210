using System.Collections.Generic;
using MailTls.Dns;

namespace MailTls.MtaSts;

/// <summary>What a domain publishes for MTA-STS and TLS-RPT, as read, before any rule judges it.</summary>
internal sealed class MtaStsEvidence
{
    public MtaStsEvidence(MtaStsRecord? record, DnsFailure? recordFailure, MtaStsPolicy policy, IReadOnlyList<Finding> policyProblems, TlsRptRecord? tlsRpt, DnsFailure? tlsRptFailure)
    {
        Record = record;
        RecordFailure = recordFailure;
        Policy = policy;
        PolicyProblems = policyProblems;
        TlsRpt = tlsRpt;
        TlsRptFailure = tlsRptFailure;
    }

    public MtaStsRecord? Record { get; }

    public DnsFailure? RecordFailure { get; }

    /// <summary>The policy as fetched, or <see cref="MtaStsPolicy.NotFetched"/> when nothing told senders to fetch it.</summary>
    public MtaStsPolicy Policy { get; }

    public IReadOnlyList<Finding> PolicyProblems { get; }

    public TlsRptRecord? TlsRpt { get; }

    public DnsFailure? TlsRptFailure { get; }
}
