using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MailTls.Reporting;
using Xunit;

namespace MailTls.Tests.Reporting.Browser;

/// <summary>
/// One report page in Chromium three times for the whole class: a screenshot from the command line
/// as a nightly job would take it, a session with scripts kept open for the tests to drive, and a
/// session without scripts for its screenshot and markup.
/// </summary>
public sealed class ReportInBrowserFixture : IAsyncLifetime
{
    // Counts that differ per bar, so a bar of the wrong length shows.
    public static readonly int[] ProtocolCounts = { 10, 5, 2, 1, 4 };
    public static readonly int[] ExpiryCounts = { 2, 3, 1, 12, 4 };

    public string Folder { get; } = Directory.CreateTempSubdirectory("mailtls-report-browser-").FullName;

    public string PagePath => Path.Combine(Folder, "report.html");

    public Uri PageUrl => new(PagePath);

    internal HeadlessChromium Browser { get; private set; } = null!;

    internal PngImage WithScript { get; private set; } = null!;

    internal PngImage WithoutScript { get; private set; } = null!;

    public string DomWithoutScript { get; private set; } = string.Empty;

    public static IReadOnlyList<ReportRow> Rows()
    {
        var protocols = new TlsVersion?[] { TlsVersion.Tls13, TlsVersion.Tls12, TlsVersion.Tls11, TlsVersion.Tls10, null };
        var days = new Queue<int>(new[] { -10, -1, 3, 7, 13, 20 }.Concat(Enumerable.Range(0, 12).Select(i => 40 + (i * 30))));
        var rows = new List<DomainTlsReport>();
        for (var bucket = 0; bucket < protocols.Length; bucket++)
        {
            for (var i = 0; i < ProtocolCounts[bucket]; i++)
            {
                var protocol = protocols[bucket];
                var expiry = protocol is null ? (int?)null : days.Dequeue();
                var name = $"d{rows.Count:00}.example";
                var verdict = protocol is null ? Verdict.Fail : expiry < 14 ? Verdict.Warn : Verdict.Pass;
                var findings = protocol is null ? new[] { ReportSamples.NoStartTls(name) } : expiry < 0 ? new[] { ReportSamples.Expired(name) } : Array.Empty<Finding>();
                rows.Add(ReportSamples.Report(name, verdict, protocol is null ? ForcedTlsLevel.None : ForcedTlsLevel.Verify, protocol, expiry, findings));
            }
        }

        // A name and a message written to attack the page: they must show as text and run nothing.
        rows[^1] = ReportSamples.Report("<img src=x onerror=\"window.pwned=1\">.example", Verdict.Fail, ForcedTlsLevel.None, null, null,
            new[] { new Finding(FindingCodes.StartTlsNotOffered, Severity.Error, "<script>window.pwned=2</script>") }, "<b onmouseover=\"window.pwned=3\">x</b>");
        return rows.Select(ReportRow.From).ToArray();
    }

    public async Task InitializeAsync()
    {
        File.WriteAllText(PagePath, ReportSamples.Make(Rows(), "Browser check").ToText(ReportFormat.Html));
        var shot = Path.Combine(Folder, "with-script.png");
        await HeadlessChromium.RunOnceAsync(PageUrl.AbsoluteUri, $"--screenshot={shot}");
        WithScript = PngImage.Read(File.ReadAllBytes(shot));

        using (var plain = await HeadlessChromium.OpenAsync(PageUrl.AbsoluteUri, scripts: false))
        {
            var noScript = await plain.ScreenshotAsync();
            File.WriteAllBytes(Path.Combine(Folder, "without-script.png"), noScript);
            WithoutScript = PngImage.Read(noScript);
            DomWithoutScript = await plain.OuterHtmlAsync();
        }

        Browser = await HeadlessChromium.OpenAsync(PageUrl.AbsoluteUri);
    }

    public Task DisposeAsync()
    {
        Browser?.Dispose();
        // Kept for a person to look at when MAILTLS_KEEP_SCREENSHOTS is set.
        if (Environment.GetEnvironmentVariable("MAILTLS_KEEP_SCREENSHOTS") is null)
        {
            Directory.Delete(Folder, recursive: true);
        }

        return Task.CompletedTask;
    }
}
