using System;
using System.Collections.Generic;
using System.Linq;

namespace MailTls.Tests.Changes;

/// <summary>
/// Roll-up rows as Export-Csv writes them: every column as text, for a domain with two MX hosts that bears
/// Verify, read back through the same reader the cmdlets use. Overrides change single columns.
/// </summary>
internal static class Rows
{
    public static Dictionary<string, string> Columns(string domain, params (string Column, string Value)[] overrides)
    {
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Domain"] = domain,
            ["Verdict"] = "Pass",
            ["ForcedTls"] = "Verify",
            ["Summary"] = "Every MX host encrypts with TLS 1.2+ and a certificate valid for its name.",
            ["Findings"] = string.Empty,
            ["MxCount"] = "2",
            ["MxHosts"] = $"mx1.{domain}; mx2.{domain}",
            ["MxAddressesProbed"] = "2",
            ["MxWithStartTls"] = "2",
            ["MxWithoutStartTls"] = "0",
            ["LowestProtocol"] = "Tls13",
            ["CertificatesValid"] = "True",
            ["CertificateProblems"] = string.Empty,
            ["EarliestCertificateExpiry"] = "2027-06-01T00:00:00Z",
            ["DaysUntilEarliestExpiry"] = "200",
            ["DnssecSigned"] = "True",
            ["Dane"] = "None",
            ["MtaStsMode"] = "Enforce",
            ["MtaStsValid"] = "True",
            ["TlsRpt"] = "Valid",
            ["CheckedAt"] = "2026-12-01T02:00:00Z",
            ["ElapsedMs"] = "812.4",
        };
        foreach (var (column, value) in overrides)
        {
            columns[column] = value;
        }

        return columns;
    }

    public static DomainTlsState State(string domain, params (string Column, string Value)[] overrides) => Read(Columns(domain, overrides));

    public static DomainTlsState Read(IReadOnlyDictionary<string, string> columns)
    {
        if (!DomainTlsStateReader.TryRead(name => columns.TryGetValue(name, out var value) ? value : null, out var state, out var error))
        {
            throw new ArgumentException(error);
        }

        return state!;
    }

    public static IReadOnlyList<DomainTlsChange> Compare(DomainTlsState before, DomainTlsState after, ForcedTlsLevel? policy = null, bool inPolicy = false) =>
        DomainTlsComparison.Compare(new[] { before }, new[] { after },
            inPolicy || policy is not null ? new[] { new ForcedTlsPolicyEntry(after.Domain, policy) } : Array.Empty<ForcedTlsPolicyEntry>());

    public static string Describe(IEnumerable<DomainTlsChange> changes) => string.Join(Environment.NewLine, changes.Select(c => $"{c} [{c.Severity}] {c.Message}"));
}
