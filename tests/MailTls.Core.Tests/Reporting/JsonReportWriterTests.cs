using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MailTls.Reporting;
using Xunit;

namespace MailTls.Tests.Reporting;

public class JsonReportWriterTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(ReportSamples.Make(ReportSamples.Mixed()).ToText(ReportFormat.Json)).RootElement;

    [Fact]
    public void Json_Rows_HaveTheRowObjectsPropertiesInOrder()
    {
        var expected = typeof(DomainTlsReport).GetProperties().Select(p => p.Name).ToArray();
        var rows = Root.GetProperty("Rows").EnumerateArray().ToArray();
        Assert.Equal(9, rows.Length);
        Assert.All(rows, row => Assert.Equal(expected, row.EnumerateObject().Select(p => p.Name).ToArray()));
    }

    [Fact]
    public void Json_Rows_WriteEnumerationsByNameAndBlanksAsNull()
    {
        var clear = Row("clear.example");
        Assert.Equal("Fail", clear.GetProperty("Verdict").GetString());
        Assert.Equal("None", clear.GetProperty("ForcedTls").GetString());
        Assert.Equal(JsonValueKind.Null, clear.GetProperty("LowestProtocol").ValueKind);
        Assert.Equal(JsonValueKind.Null, clear.GetProperty("DaysUntilEarliestExpiry").ValueKind);
        Assert.Equal("STARTTLS_NOT_OFFERED", clear.GetProperty("Findings").GetString());
        var good = Row("good.example");
        Assert.Equal("Tls13", good.GetProperty("LowestProtocol").GetString());
        Assert.Equal("Enforce", good.GetProperty("MtaStsMode").GetString());
        Assert.True(good.GetProperty("MtaStsValid").GetBoolean());
        Assert.Equal(300, good.GetProperty("DaysUntilEarliestExpiry").GetInt32());
        Assert.Equal("12.5", good.GetProperty("ElapsedMs").GetRawText());
    }

    [Theory]
    [InlineData(320.0, "320.0")]
    [InlineData(764.9, "764.9")]
    [InlineData(0.1, "0.1")]
    public void Json_ElapsedMs_IsWrittenAsConvertToJsonWritesADouble(double elapsed, string text)
    {
        var row = ReportRow.FromFields(name => name switch { "Domain" => "a.example", "Verdict" => "Pass", "ForcedTls" => "None", "ElapsedMs" => elapsed, _ => null });
        using var json = JsonDocument.Parse(ReportSamples.Make(new[] { row }).ToText(ReportFormat.Json));
        Assert.Equal(text, json.RootElement.GetProperty("Rows")[0].GetProperty("ElapsedMs").GetRawText());
    }

    [Fact]
    public void Json_Totals_AddUpToTheRows()
    {
        var totals = Root.GetProperty("Totals");
        Assert.Equal(9, totals.GetProperty("Domains").GetInt32());
        foreach (var name in new[] { "Verdict", "ForcedTls", "LowestProtocol", "CertificateExpiry" })
        {
            Assert.Equal(9, totals.GetProperty(name).EnumerateObject().Sum(p => p.Value.GetInt32()));
        }

        Assert.Equal(3, totals.GetProperty("Verdict").GetProperty("Fail").GetInt32());
        Assert.Equal(1, totals.GetProperty("CertificateExpiry").GetProperty("Expired").GetInt32());
        Assert.Equal("2026-12-01T02:00:00Z", Root.GetProperty("FirstCheckedAt").GetString());
    }

    [Fact]
    public void Json_Findings_GroupByCodeWithEachDomainsAdvice()
    {
        var first = Root.GetProperty("Findings")[0];
        Assert.Equal("STARTTLS_NOT_OFFERED", first.GetProperty("Code").GetString());
        Assert.Equal("Error", first.GetProperty("Severity").GetString());
        Assert.Equal(2, first.GetProperty("Domains").GetInt32());
        Assert.Equal(ReportSamples.HostileMessage, first.GetProperty("Entries")[1].GetProperty("Message").GetString());
        Assert.Equal(ReportSamples.HostileDomain, first.GetProperty("Entries")[1].GetProperty("Domain").GetString());
    }

    [Fact]
    public void Json_RowsReadBack_GiveTheSameReport()
    {
        var rows = Root.GetProperty("Rows").EnumerateArray().Select(row => ReportRow.FromFields(name => Value(row, name))).ToArray();
        var again = JsonDocument.Parse(ReportSamples.Make(rows).ToText(ReportFormat.Json)).RootElement;
        Assert.Equal(Root.GetProperty("Rows").GetRawText(), again.GetProperty("Rows").GetRawText());
        Assert.Equal(Root.GetProperty("Totals").GetRawText(), again.GetProperty("Totals").GetRawText());
    }

    /// <summary>What ConvertFrom-Json gives for a value: text, a number, true/false or null.</summary>
    internal static object? Value(JsonElement row, string name) =>
        !row.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };

    private static JsonElement Row(string domain) =>
        Root.GetProperty("Rows").EnumerateArray().Single(r => r.GetProperty("Domain").GetString() == domain);
}
