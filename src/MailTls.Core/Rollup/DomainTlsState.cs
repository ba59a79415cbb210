using System;
using System.Linq;

namespace MailTls;

/// <summary>
/// One domain as a roll-up recorded it, read back from a <see cref="DomainTlsReport"/> or from a row of its
/// CSV or JSON: what two nightly runs are compared on and a forced-TLS policy is written from. A column the
/// row does not have is null (not known), never a guess.
/// </summary>
public sealed class DomainTlsState
{
    internal DomainTlsState(string domain, ForcedTlsLevel forcedTls)
    {
        Domain = domain;
        ForcedTls = forcedTls;
    }

    public string Domain { get; }

    public ForcedTlsLevel ForcedTls { get; }

    public Verdict? Verdict { get; internal init; }

    public string Summary { get; internal init; } = string.Empty;

    /// <summary>The finding codes.</summary>
    public TextList Findings { get; internal init; } = TextList.None;

    /// <summary>The MX host names, lower case; empty when not known.</summary>
    public TextList MxHosts { get; internal init; } = TextList.None;

    public int? MxWithoutStartTls { get; internal init; }

    public TlsVersion? LowestProtocol { get; internal init; }

    public bool? CertificatesValid { get; internal init; }

    public string CertificateProblems { get; internal init; } = string.Empty;

    public string EarliestCertificateExpiry { get; internal init; } = string.Empty;

    public int? DaysUntilEarliestExpiry { get; internal init; }

    public bool? DnssecSigned { get; internal init; }

    public DomainDane? Dane { get; internal init; }

    public MtaStsMode? MtaStsMode { get; internal init; }

    public bool? MtaStsValid { get; internal init; }

    public RecordStatus? TlsRpt { get; internal init; }

    /// <summary>A domain known only by name and the level an admin asserts for it.</summary>
    public static DomainTlsState ForLevel(string domain, ForcedTlsLevel level) =>
        new(Dns.DomainName.Normalize(domain), level);

    public static DomainTlsState FromReport(DomainTlsReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        return new DomainTlsState(report.Domain, report.ForcedTls)
        {
            Verdict = report.Verdict,
            Summary = report.Summary,
            Findings = ReportFields.Codes(report.Findings),
            MxHosts = new TextList(ReportFields.Hosts(report.MxHosts)),
            MxWithoutStartTls = report.MxWithoutStartTls,
            LowestProtocol = report.LowestProtocol,
            CertificatesValid = report.CertificatesValid,
            CertificateProblems = report.CertificateProblems,
            EarliestCertificateExpiry = report.EarliestCertificateExpiry,
            DaysUntilEarliestExpiry = report.DaysUntilEarliestExpiry,
            DnssecSigned = report.DnssecSigned,
            Dane = report.Dane,
            MtaStsMode = report.MtaStsMode,
            MtaStsValid = report.MtaStsValid,
            TlsRpt = report.TlsRpt,
        };
    }

    public override string ToString() => $"{Domain}: ForcedTls {ForcedTls}";
}
