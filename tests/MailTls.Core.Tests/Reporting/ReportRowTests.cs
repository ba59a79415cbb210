using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Reporting;
using Xunit;

namespace MailTls.Tests.Reporting;

public class ReportRowTests
{
    [Fact]
    public void FromFields_CsvText_ReadsLikeTheObject()
    {
        var report = ReportSamples.Report("expired.example", verdict: Verdict.Warn, forced: ForcedTlsLevel.Encrypt, days: -3, findings: new[] { ReportSamples.Expired("expired.example") });
        var fromCsv = ReportSamples.FromCsv(report);
        Assert.Equal(Json(ReportRow.From(report)), Json(fromCsv));
        Assert.Equal(new[] { "CERT_EXPIRED" }, fromCsv.Codes);
        Assert.Empty(fromCsv.Details);
        Assert.Single(ReportRow.From(report).Details);
    }

    [Fact]
    public void From_KeepsNothingOfTheRowObject_SoItsProbesCanGo()
    {
        var (row, report) = RowOfAReportNoOneHolds();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(report.IsAlive);
        Assert.Equal("a.example", row.Domain);
        Assert.Equal(FindingCodes.CertExpired, row.Details.Single().Code);
    }

    [Fact]
    public void FromFields_BlanksAndMissingProperties_AreNothingNotErrors()
    {
        var row = ReportRow.FromFields(Fields(("Domain", "a.example"), ("Verdict", "warn"), ("ForcedTls", "ENCRYPT"), ("LowestProtocol", " "), ("DaysUntilEarliestExpiry", ""), ("CertificatesValid", "")));
        Assert.Equal(Verdict.Warn, row.Verdict);
        Assert.Equal(ForcedTlsLevel.Encrypt, row.ForcedTls);
        Assert.Null(row.LowestProtocol);
        Assert.Null(row.DaysUntilEarliestExpiry);
        Assert.Null(row.CertificatesValid);
        Assert.Null(row.MxCount);
        Assert.Empty(row.Codes);
    }

    [Fact]
    public void FromFields_JsonValues_AreRead()
    {
        var row = ReportRow.FromFields(Fields(("Domain", "a.example"), ("Verdict", "Pass"), ("ForcedTls", "Dane"), ("MxCount", 2L), ("DaysUntilEarliestExpiry", -4L), ("ElapsedMs", 10.5), ("DnssecSigned", true), ("Findings", "A_B; C_D;")));
        Assert.Equal(2, row.MxCount);
        Assert.Equal(-4, row.DaysUntilEarliestExpiry);
        Assert.Equal(10.5, row.ElapsedMs);
        Assert.True(row.DnssecSigned);
        Assert.Equal(new[] { "A_B", "C_D" }, row.Codes);
    }

    [Fact]
    public void FromFields_DatesFromConvertFromJson_AreIsoTextAgain()
    {
        var row = ReportRow.FromFields(Fields(("Domain", "a.example"), ("Verdict", "Pass"), ("ForcedTls", "Dane"),
            ("CheckedAt", new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc)), ("EarliestCertificateExpiry", new DateTimeOffset(2027, 1, 2, 4, 0, 0, TimeSpan.FromHours(2)))));
        Assert.Equal("2026-12-01T02:00:00Z", row.CheckedAt);
        Assert.Equal("2027-01-02T02:00:00Z", row.EarliestCertificateExpiry);
    }

    [Theory]
    [InlineData("Domain", "", "has no Domain")]
    [InlineData("Verdict", "", "has no Verdict")]
    [InlineData("Verdict", "Bogus", "Verdict is 'Bogus', not one of Pass, Warn, Fail, Error.")]
    [InlineData("Verdict", "2", "Verdict is '2', not one of")]
    [InlineData("ForcedTls", "Strict", "ForcedTls is 'Strict', not one of None, Encrypt, Verify, Dane.")]
    [InlineData("DaysUntilEarliestExpiry", "soon", "DaysUntilEarliestExpiry is 'soon', not a whole number.")]
    [InlineData("DaysUntilEarliestExpiry", "1.5", "not a whole number")]
    [InlineData("CertificatesValid", "yes", "CertificatesValid is 'yes', not True or False.")]
    [InlineData("LowestProtocol", "TLS 1.3", "LowestProtocol is 'TLS 1.3', not one of Ssl2, Ssl3, Tls10, Tls11, Tls12, Tls13.")]
    public void FromFields_UnreadableValue_SaysWhichAndWhy(string name, string value, string message)
    {
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Domain"] = "a.example", ["Verdict"] = "Pass", ["ForcedTls"] = "Verify", [name] = value };
        var error = Assert.Throws<FormatException>(() => ReportRow.FromFields(n => fields.TryGetValue(n, out var v) ? v : null));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void FromFields_AnythingElse_IsNotARow()
    {
        var error = Assert.Throws<FormatException>(() => ReportRow.FromFields(_ => null));
        Assert.Contains("not a row of Test-MailDomainTls", error.Message);
    }

    [Theory]
    [InlineData(null, "None")]
    [InlineData(-1, "Expired")]
    [InlineData(0, "Within14Days")]
    [InlineData(13, "Within14Days")]
    [InlineData(14, "Within30Days")]
    [InlineData(29, "Within30Days")]
    [InlineData(30, "Later")]
    public void Bucket_DaysToExpiry_FallInTheChartsRanges(int? days, string bucket) =>
        Assert.Equal(bucket, ReportTotals.Bucket(days).ToString());

    [Fact]
    public void Bucket_OldProtocols_ShareOneBar()
    {
        Assert.Equal(ProtocolBucket.Tls10OrOlder, ReportTotals.Bucket(TlsVersion.Ssl3));
        Assert.Equal(ProtocolBucket.Tls10OrOlder, ReportTotals.Bucket(TlsVersion.Tls10));
        Assert.Equal(ProtocolBucket.Tls11, ReportTotals.Bucket(TlsVersion.Tls11));
        Assert.Equal(ProtocolBucket.None, ReportTotals.Bucket((TlsVersion?)null));
    }

    [Property(MaxTest = 300)]
    public Property FromFields_AnyRowThroughCsvOrJson_ReadsBackTheSame()
    {
        return Prop.ForAll(Arb.From(Reports()), report =>
        {
            var original = Json(ReportRow.From(report));
            var fromCsv = Json(ReportSamples.FromCsv(report));
            using var document = JsonDocument.Parse(original);
            var fromJson = Json(ReportRow.FromFields(name => JsonReportWriterTests.Value(document.RootElement, name)));
            return (original == fromCsv && original == fromJson).Label(original);
        });
    }

    [Property(MaxTest = 500)]
    public Property FromFields_ArbitraryText_ReadsOrSaysWhy(string? domain, string? verdict, string? days, string? valid)
    {
        var fields = Fields(("Domain", domain), ("Verdict", verdict), ("ForcedTls", "None"), ("DaysUntilEarliestExpiry", days), ("CertificatesValid", valid));
        try
        {
            var row = ReportRow.FromFields(fields);
            return (row.Domain.Length > 0 && Enum.IsDefined(typeof(Verdict), row.Verdict)).Label(row.ToString());
        }
        catch (FormatException ex)
        {
            return (ex.Message.Length > 0).Label(ex.Message);
        }
    }

    // Not inlined: the report must not linger in this frame's locals when the caller collects.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (ReportRow Row, WeakReference Report) RowOfAReportNoOneHolds()
    {
        var report = ReportSamples.Report("a.example", Verdict.Warn, days: -1, findings: new[] { ReportSamples.Expired("a.example") });
        return (ReportRow.From(report), new WeakReference(report));
    }

    internal static string Json(ReportRow row) => ReportSamples.Make(new[] { row }).ToText(ReportFormat.Json) is var text
        ? JsonDocument.Parse(text).RootElement.GetProperty("Rows")[0].GetRawText()
        : string.Empty;

    private static Func<string, object?> Fields(params (string Name, object? Value)[] values)
    {
        var fields = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.OrdinalIgnoreCase);
        return name => fields.TryGetValue(name, out var value) ? value : null;
    }

    private static Gen<DomainTlsReport> Reports() =>
        from domain in Gen.Elements("a.example", "xn--bcher-kva.example", "mx.b.example")
        from verdict in Gen.Elements(Enum.GetValues<Verdict>())
        from forced in Gen.Elements(Enum.GetValues<ForcedTlsLevel>())
        from protocol in Gen.Elements(new TlsVersion?[] { null, TlsVersion.Ssl3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13 })
        from days in Gen.Elements(new int?[] { null, -400, -1, 0, 13, 14, 29, 30, 365 })
        from mode in Gen.Elements(new MtaStsMode?[] { null, MtaStsMode.Enforce, MtaStsMode.Testing, MtaStsMode.None })
        from valid in Gen.Elements(new bool?[] { null, true, false })
        from codes in Gen.SubListOf(new[] { FindingCodes.CertExpired, FindingCodes.StartTlsNotOffered, FindingCodes.TlsRptMissing })
        select ReportSamples.Report(domain, verdict, forced, protocol, days, codes.Select(c => new Finding(c, Severity.Warning, c + " advice")), "Summary, with \"quotes\"; and ; semicolons", mode, valid);
}
