using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MailTls.Reporting;

namespace MailTls.Tests.Reporting;

/// <summary>Rows as Test-MailDomainTls makes them, without a lab: built through the same internal initializers DomainRules uses.</summary>
internal static class ReportSamples
{
    public const string HostileDomain = "<script>alert('domain')</script>.example";
    public const string HostileMessage = "Banner said <img src=x onerror=alert(1)> & \"quoted\" | pipe *bold* [link](http://evil.example) \u202Egnp.exe";

    public static DomainTlsReport Report(
        string domain,
        Verdict verdict = Verdict.Pass,
        ForcedTlsLevel forced = ForcedTlsLevel.Verify,
        TlsVersion? protocol = TlsVersion.Tls13,
        int? days = 200,
        IEnumerable<Finding>? findings = null,
        string summary = "Every MX host encrypts with TLS 1.2+ and a certificate valid for its name.",
        MtaStsMode? mtaStsMode = null,
        bool? mtaStsValid = null,
        string checkedAt = "2026-12-01T02:00:00Z")
    {
        var list = new FindingList(findings ?? Enumerable.Empty<Finding>());
        return new DomainTlsReport
        {
            Domain = domain,
            Verdict = verdict,
            ForcedTls = forced,
            Summary = summary,
            Findings = list.ToString(),
            MxCount = 1,
            MxHosts = "mx1." + domain,
            MxAddressesProbed = protocol is null && days is null ? 0 : 1,
            MxWithStartTls = protocol is null ? 0 : 1,
            MxWithoutStartTls = 0,
            LowestProtocol = protocol,
            CertificatesValid = days is null ? null : days >= 0,
            EarliestCertificateExpiry = days is null ? string.Empty : IsoTime.Format(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero).AddDays(days.Value)),
            DaysUntilEarliestExpiry = days,
            DnssecSigned = true,
            Dane = DomainDane.None,
            MtaStsMode = mtaStsMode,
            MtaStsValid = mtaStsValid,
            TlsRpt = RecordStatus.NotPublished,
            CheckedAt = checkedAt,
            ElapsedMs = 12.5,
            FindingList = list,
        };
    }

    public static Finding Expired(string domain) =>
        new(FindingCodes.CertExpired, Severity.Warning, $"The certificate 'mx1.{domain}' expired; renew it and install the new certificate.");

    public static Finding NoStartTls(string domain) =>
        new(FindingCodes.StartTlsNotOffered, Severity.Error, $"mx1.{domain} does not offer STARTTLS: turn it on.");

    /// <summary>A small run with every verdict, level, protocol bucket and expiry bucket, and one hostile row.</summary>
    public static IReadOnlyList<ReportRow> Mixed() => new[]
    {
        Report("good.example", days: 300, mtaStsMode: MtaStsMode.Enforce, mtaStsValid: true),
        Report("dane.example", forced: ForcedTlsLevel.Dane, days: 90),
        Report("tls12.example", protocol: TlsVersion.Tls12, days: 20, verdict: Verdict.Warn, findings: new[] { new Finding(FindingCodes.CertExpiringSoon, Severity.Warning, "The certificate of mx1.tls12.example expires in 20 days: renew it.") }),
        Report("expired.example", verdict: Verdict.Warn, forced: ForcedTlsLevel.Encrypt, days: -3, findings: new[] { Expired("expired.example") }),
        Report("soon.example", verdict: Verdict.Warn, days: 5, findings: new[] { new Finding(FindingCodes.CertExpiringSoon, Severity.Warning, "The certificate of mx1.soon.example expires in 5 days: renew it.") }),
        Report("legacy.example", verdict: Verdict.Fail, forced: ForcedTlsLevel.None, protocol: TlsVersion.Tls10, days: 100, findings: new[] { new Finding(FindingCodes.TlsLegacyProtocol, Severity.Error, "mx1.legacy.example negotiates only TLS 1.0: enable TLS 1.2 or later.") }),
        Report("clear.example", verdict: Verdict.Fail, forced: ForcedTlsLevel.None, protocol: null, days: null, findings: new[] { NoStartTls("clear.example") }),
        Report("gone.example", verdict: Verdict.Error, forced: ForcedTlsLevel.None, protocol: null, days: null, findings: new[] { new Finding(FindingCodes.DnsNameNotFound, Severity.Error, "gone.example does not exist in DNS (NXDOMAIN).") }, summary: "gone.example does not exist in DNS (NXDOMAIN)."),
        Report(HostileDomain, verdict: Verdict.Fail, forced: ForcedTlsLevel.None, protocol: TlsVersion.Tls11, days: 40, findings: new[] { new Finding("STARTTLS_NOT_OFFERED", Severity.Error, HostileMessage) }, summary: HostileMessage, checkedAt: "2026-12-01T02:07:00Z"),
    }.Select(ReportRow.From).ToArray();

    /// <summary>What Import-Csv gives for a row: every value as text, blanks for nothing.</summary>
    public static Dictionary<string, object?> AsCsv(DomainTlsReport report) =>
        typeof(DomainTlsReport).GetProperties().ToDictionary(
            p => p.Name,
            p => (object?)(p.GetValue(report) switch
            {
                null => string.Empty,
                IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
                var value => value.ToString(),
            }),
            StringComparer.OrdinalIgnoreCase);

    public static ReportRow FromCsv(DomainTlsReport report)
    {
        var fields = AsCsv(report);
        return ReportRow.FromFields(name => fields.TryGetValue(name, out var value) ? value : null);
    }

    public static MailTlsReport Make(IEnumerable<ReportRow> rows, string? title = null) =>
        new(title, new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero), rows);
}
