using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace MailTls.Reporting;

/// <summary>
/// The report as JSON: the totals, the findings with their advice, and the rows with the properties
/// and values ConvertTo-Json gives for Test-MailDomainTls output (enumerations by name, blanks as null),
/// so (Get-Content report.json | ConvertFrom-Json).Rows reads back like the original rows.
/// </summary>
internal static class JsonReportWriter
{
    public static void Write(MailTlsReport report, ReportTotals totals, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("Title", report.Title);
        json.WriteString("GeneratedAt", IsoTime.Format(report.GeneratedAt));
        json.WriteString("Generator", ReportLabels.Generator);
        Text(json, "FirstCheckedAt", totals.FirstCheckedAt is { } first ? IsoTime.Format(first) : null);
        Text(json, "LastCheckedAt", totals.LastCheckedAt is { } last ? IsoTime.Format(last) : null);
        Totals(json, totals);
        Findings(json, totals);
        json.WriteStartArray("Rows");
        foreach (var row in report.Rows)
        {
            Row(json, row);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Totals(Utf8JsonWriter json, ReportTotals totals)
    {
        json.WriteStartObject("Totals");
        json.WriteNumber("Domains", totals.Domains);
        json.WriteNumber("MxAddressesProbed", totals.MxAddressesProbed);
        json.WriteNumber("MxWithoutStartTls", totals.MxWithoutStartTls);
        Counts(json, "Verdict", ReportLabels.Verdicts, totals.Count);
        Counts(json, "ForcedTls", ReportLabels.Levels, totals.Count);
        Counts(json, "LowestProtocol", ReportLabels.Protocols, totals.Count);
        Counts(json, "CertificateExpiry", ReportLabels.Expiries, totals.Count);
        json.WriteEndObject();
    }

    private static void Counts<T>(Utf8JsonWriter json, string name, IEnumerable<T> keys, Func<T, int> count)
        where T : struct, Enum
    {
        json.WriteStartObject(name);
        foreach (var key in keys)
        {
            json.WriteNumber(key.ToString(), count(key));
        }

        json.WriteEndObject();
    }

    private static void Findings(Utf8JsonWriter json, ReportTotals totals)
    {
        json.WriteStartArray("Findings");
        foreach (var group in totals.Findings)
        {
            json.WriteStartObject();
            json.WriteString("Code", group.Code);
            Name(json, "Severity", group.Severity);
            json.WriteNumber("Domains", group.Domains.Count);
            Text(json, "Advice", group.Advice);
            json.WriteStartArray("Entries");
            foreach (var (domain, message) in group.Domains)
            {
                json.WriteStartObject();
                json.WriteString("Domain", domain);
                Text(json, "Message", message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // The property order and value shapes of DomainTlsReport in ConvertTo-Json.
    private static void Row(Utf8JsonWriter json, ReportRow row)
    {
        json.WriteStartObject();
        json.WriteString("Domain", row.Domain);
        json.WriteString("Verdict", row.Verdict.ToString());
        json.WriteString("ForcedTls", row.ForcedTls.ToString());
        json.WriteString("Summary", row.Summary);
        json.WriteString("Findings", row.Findings);
        Number(json, "MxCount", row.MxCount);
        json.WriteString("MxHosts", row.MxHosts);
        Number(json, "MxAddressesProbed", row.MxAddressesProbed);
        Number(json, "MxWithStartTls", row.MxWithStartTls);
        Number(json, "MxWithoutStartTls", row.MxWithoutStartTls);
        Name(json, "LowestProtocol", row.LowestProtocol);
        Boolean(json, "CertificatesValid", row.CertificatesValid);
        json.WriteString("CertificateProblems", row.CertificateProblems);
        json.WriteString("EarliestCertificateExpiry", row.EarliestCertificateExpiry);
        Number(json, "DaysUntilEarliestExpiry", row.DaysUntilEarliestExpiry);
        Boolean(json, "DnssecSigned", row.DnssecSigned);
        Name(json, "Dane", row.Dane);
        Name(json, "MtaStsMode", row.MtaStsMode);
        Boolean(json, "MtaStsValid", row.MtaStsValid);
        Name(json, "TlsRpt", row.TlsRpt);
        Name(json, "ClientEndpoints", row.ClientEndpoints);
        json.WriteString("CheckedAt", row.CheckedAt);
        if (row.ElapsedMs is { } elapsed && !double.IsNaN(elapsed) && !double.IsInfinity(elapsed))
        {
            // As ConvertTo-Json writes a double: 320.0, not 320, so it reads back as a double.
            json.WritePropertyName("ElapsedMs");
            json.WriteRawValue(elapsed == Math.Floor(elapsed) && Math.Abs(elapsed) < 1e15
                ? elapsed.ToString("F1", CultureInfo.InvariantCulture)
                : elapsed.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull("ElapsedMs");
        }

        json.WriteEndObject();
    }

    private static void Name<TEnum>(Utf8JsonWriter json, string name, TEnum? value)
        where TEnum : struct, Enum
    {
        if (value is { } known)
        {
            json.WriteString(name, known.ToString());
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } known)
        {
            json.WriteNumber(name, known);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Boolean(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } known)
        {
            json.WriteBoolean(name, known);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
