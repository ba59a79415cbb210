using System;
using System.Collections.Generic;
using System.Linq;

namespace MailTls.Reporting;

/// <summary>
/// What a report keeps of one Test-MailDomainTls row: its scalar values and its findings, not the
/// probes behind it, so a report of 10,000 domains holds only what it shows. Built from the row
/// object itself, or from the same values re-read by property name (Import-Csv, ConvertFrom-Json).
/// </summary>
public sealed class ReportRow
{
    private ReportRow()
    {
    }

    public string Domain { get; private init; } = string.Empty;

    public Verdict Verdict { get; private init; }

    public ForcedTlsLevel ForcedTls { get; private init; }

    public string Summary { get; private init; } = string.Empty;

    /// <summary>The finding codes, joined with "; " as in the CSV.</summary>
    public string Findings { get; private init; } = string.Empty;

    public int? MxCount { get; private init; }

    public string MxHosts { get; private init; } = string.Empty;

    public int? MxAddressesProbed { get; private init; }

    public int? MxWithStartTls { get; private init; }

    public int? MxWithoutStartTls { get; private init; }

    public TlsVersion? LowestProtocol { get; private init; }

    public bool? CertificatesValid { get; private init; }

    public string CertificateProblems { get; private init; } = string.Empty;

    public string EarliestCertificateExpiry { get; private init; } = string.Empty;

    public int? DaysUntilEarliestExpiry { get; private init; }

    public bool? DnssecSigned { get; private init; }

    public DomainDane? Dane { get; private init; }

    public MtaStsMode? MtaStsMode { get; private init; }

    public bool? MtaStsValid { get; private init; }

    public RecordStatus? TlsRpt { get; private init; }

    /// <summary>The worst verdict of the client endpoints, when the run checked them (-IncludeClientEndpoints).</summary>
    public Verdict? ClientEndpoints { get; private init; }

    public string CheckedAt { get; private init; } = string.Empty;

    public double? ElapsedMs { get; private init; }

    /// <summary>The finding codes, one each.</summary>
    public IReadOnlyList<string> Codes { get; private init; } = Array.Empty<string>();

    /// <summary>The findings with severity and advice; empty when only the codes are known (a re-imported CSV).</summary>
    public IReadOnlyList<Finding> Details { get; private init; } = Array.Empty<Finding>();

    /// <summary>The row of a domain Test-MailDomainTls checked.</summary>
    public static ReportRow From(DomainTlsReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        var findings = report.GetFindings();
        return new ReportRow
        {
            Domain = report.Domain,
            Verdict = report.Verdict,
            ForcedTls = report.ForcedTls,
            Summary = report.Summary,
            Findings = report.Findings,
            MxCount = report.MxCount,
            MxHosts = report.MxHosts,
            MxAddressesProbed = report.MxAddressesProbed,
            MxWithStartTls = report.MxWithStartTls,
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
            ClientEndpoints = report.ClientEndpoints,
            CheckedAt = report.CheckedAt,
            ElapsedMs = report.ElapsedMs,
            Codes = findings.Count > 0 ? findings.Select(f => f.Code).Distinct(StringComparer.Ordinal).ToArray() : SplitCodes(report.Findings),
            Details = findings.ToArray(),
        };
    }

    /// <summary>
    /// A row re-read by property name, as Import-Csv (every value text) or ConvertFrom-Json (numbers,
    /// true/false, null) give it back. <paramref name="field"/> returns a property's value, or null
    /// when the input has no such property.
    /// </summary>
    /// <exception cref="FormatException">The input is no Test-MailDomainTls row, or one of its values cannot be read; the message says which.</exception>
    public static ReportRow FromFields(Func<string, object?> field)
    {
        if (field is null)
        {
            throw new ArgumentNullException(nameof(field));
        }

        var values = new ReportFields(field);
        var findings = values.Text(nameof(Findings));
        return new ReportRow
        {
            Domain = values.RequiredText(nameof(Domain)),
            Verdict = values.Required<Verdict>(nameof(Verdict)),
            ForcedTls = values.Required<ForcedTlsLevel>(nameof(ForcedTls)),
            Summary = values.Text(nameof(Summary)),
            Findings = findings,
            MxCount = values.Integer(nameof(MxCount)),
            MxHosts = values.Text(nameof(MxHosts)),
            MxAddressesProbed = values.Integer(nameof(MxAddressesProbed)),
            MxWithStartTls = values.Integer(nameof(MxWithStartTls)),
            MxWithoutStartTls = values.Integer(nameof(MxWithoutStartTls)),
            LowestProtocol = values.Optional<TlsVersion>(nameof(LowestProtocol)),
            CertificatesValid = values.Boolean(nameof(CertificatesValid)),
            CertificateProblems = values.Text(nameof(CertificateProblems)),
            EarliestCertificateExpiry = values.Text(nameof(EarliestCertificateExpiry)),
            DaysUntilEarliestExpiry = values.Integer(nameof(DaysUntilEarliestExpiry)),
            DnssecSigned = values.Boolean(nameof(DnssecSigned)),
            Dane = values.Optional<DomainDane>(nameof(Dane)),
            MtaStsMode = values.Optional<MtaStsMode>(nameof(MtaStsMode)),
            MtaStsValid = values.Boolean(nameof(MtaStsValid)),
            TlsRpt = values.Optional<RecordStatus>(nameof(TlsRpt)),
            ClientEndpoints = values.Optional<Verdict>(nameof(ClientEndpoints)),
            CheckedAt = values.Text(nameof(CheckedAt)),
            ElapsedMs = values.Number(nameof(ElapsedMs)),
            Codes = SplitCodes(findings),
        };
    }

    public override string ToString() => $"{Domain}: {Verdict}, ForcedTls {ForcedTls}";

    private static string[] SplitCodes(string findings) =>
        findings.Split(';').Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
