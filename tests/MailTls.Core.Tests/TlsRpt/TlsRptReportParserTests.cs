using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using MailTls.TlsRpt;
using Xunit;

namespace MailTls.Tests.TlsRpt;

public class TlsRptReportParserTests
{
    // RFC 8460 §5's example, with the line break its layout puts inside a JSON string removed.
    internal const string RfcExample = """
        {
          "organization-name": "Company-X",
          "date-range": { "start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z" },
          "contact-info": "sts-reporting@company-x.example",
          "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
          "policies": [{
            "policy": {
              "policy-type": "sts",
              "policy-string": ["version: STSv1","mode: testing","mx: *.mail.company-y.example","max_age: 86400"],
              "policy-domain": "company-y.example",
              "mx-host": ["*.mail.company-y.example"]
            },
            "summary": { "total-successful-session-count": 5326, "total-failure-session-count": 303 },
            "failure-details": [
              { "result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:0012::1", "receiving-mx-hostname": "mx1.mail.company-y.example", "failed-session-count": 100 },
              { "result-type": "starttls-not-supported", "sending-mta-ip": "2001:db8:abcd:0013::1", "receiving-mx-hostname": "mx2.mail.company-y.example", "receiving-ip": "203.0.113.56", "failed-session-count": 200, "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported" },
              { "result-type": "validation-failure", "sending-mta-ip": "198.51.100.62", "receiving-ip": "203.0.113.58", "receiving-mx-hostname": "mx-backup.mail.company-y.example", "failed-session-count": 3, "failure-reason-code": "X509_V_ERR_PROOF_OF_POSSESSION" }
            ]
          }]
        }
        """;

    [Fact]
    public void Parse_RfcExample_GivesEveryField()
    {
        var result = Assert.Single(TlsRptReportParser.Parse(Encoding.UTF8.GetBytes(RfcExample), "r.json"));

        Assert.Equal("Company-X", result.Organization);
        Assert.Equal("sts-reporting@company-x.example", result.ContactInfo);
        Assert.Equal(new DateTimeOffset(2016, 4, 1, 0, 0, 0, TimeSpan.Zero), result.StartDate);
        Assert.Equal(new DateTimeOffset(2016, 4, 1, 23, 59, 59, TimeSpan.Zero), result.EndDate);
        Assert.Equal("sts", result.PolicyType);
        Assert.Equal("version: STSv1; mode: testing; mx: *.mail.company-y.example; max_age: 86400", result.PolicyString);
        Assert.Equal(new[] { "*.mail.company-y.example" }, result.MxHost);
        Assert.Equal(5326, result.SuccessfulSessions);
        Assert.Equal(303, result.FailedSessions);
        Assert.Equal(3, result.FailureDetails.Count);
        Assert.Equal(303, result.DetailedFailedSessions);
        Assert.False(result.FailureCountMismatch);
        Assert.Empty(result.Notes);
        var third = result.FailureDetails[2];
        Assert.Equal("X509_V_ERR_PROOF_OF_POSSESSION", third.FailureReasonCode);
        Assert.Equal("203.0.113.58", third.ReceivingIp);
        Assert.Equal("Company-X", third.Organization);
        Assert.Equal("company-y.example", third.PolicyDomain);
        Assert.Equal("r.json", third.SourceFile);
        Assert.Contains("StarttlsNotSupported", result.FailureDetails[1].AdditionalInformation);
    }

    [Theory]
    [InlineData("\"mx-host\": \"mx1.example.net\"", new[] { "mx1.example.net" })]
    [InlineData("\"mx-host\": [\"a.example.net\", \"b.example.net\"]", new[] { "a.example.net", "b.example.net" })]
    [InlineData("\"mx-host\": null", new string[0])]
    [InlineData("\"x\": 1", new string[0])]
    public void Parse_MxHostAsStringArrayOrAbsent_IsKept(string field, string[] expected)
    {
        var json = $$$"""{"policies":[{"policy":{"policy-type":"sts",{{{field}}}},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]}""";

        Assert.Equal(expected, Single(json).MxHost);
    }

    [Fact]
    public void Parse_ZonelessDates_AreUtcWithANote()
    {
        var result = Single("""{"organization-name":"o","report-id":"r","date-range":{"start-datetime":"2024-06-03T00:00:00","end-datetime":"2024-06-04T00:00:00"},"policies":[{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]}""");

        Assert.Equal(new DateTimeOffset(2024, 6, 4, 0, 0, 0, TimeSpan.Zero), result.EndDate);
        Assert.Equal(2, result.Notes.Count(n => n.Contains("no time zone")));
    }

    [Theory]
    [InlineData("2024-06-03T10:00:00+0200", "2024-06-03T08:00:00Z", false)]
    [InlineData("2024-06-03T10:00:00-02:00", "2024-06-03T12:00:00Z", false)]
    [InlineData("2024-06-03 10:00:00Z", "2024-06-03T10:00:00Z", false)]
    [InlineData("2024-06-03", "2024-06-03T00:00:00Z", true)]
    [InlineData("06/03/2024", null, false)]
    [InlineData("03.06.2024 10:00", null, false)]
    [InlineData("June 3, 2024", null, false)]
    public void Parse_StartDate_IsRfc3339OrLeftEmpty_NeverACultureGuess(string text, string? expected, bool zoneless)
    {
        var result = Single("{\"organization-name\":\"o\",\"report-id\":\"r\",\"date-range\":{\"start-datetime\":\"" + text + "\",\"end-datetime\":\"2024-06-04T00:00:00Z\"},\"policies\":[{\"policy\":{\"policy-type\":\"sts\"}}]}");

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), result.StartDate);
        Assert.Equal(expected is null, result.Notes.Any(n => n.Contains("is not an RFC 3339 date-time", StringComparison.Ordinal)));
        Assert.Equal(zoneless, result.Notes.Any(n => n.Contains("start-datetime") && n.Contains("no time zone", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_TlsaPolicyStringHoldingAJsonArray_ShowsTheRecords()
    {
        var result = Single("""{"policies":[{"policy":{"policy-type":"tlsa","policy-string":["[\"3 1 1 AB\",\"2 1 1 CD\"]"]},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]}""");

        Assert.Equal("3 1 1 AB; 2 1 1 CD", result.PolicyString);
    }

    [Fact]
    public void Parse_DetailsNotAddingUp_KeepsBothAndFlagsIt()
    {
        var result = Single("""{"policies":[{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":1,"total-failure-session-count":10},"failure-details":[{"result-type":"x","failed-session-count":3},{"result-type":"y","failed-session-count":"4"}]}]}""");

        Assert.Equal(10, result.FailedSessions);
        Assert.Equal(7, result.DetailedFailedSessions);
        Assert.True(result.FailureCountMismatch);
        Assert.Contains(result.Notes, n => n.Contains("add up to 7"));
    }

    [Fact]
    public void Parse_MissingFieldsUnknownFieldsAndTrailingData_AreTolerated()
    {
        var result = Single("{\"x-vendor\":{\"a\":[1,{\"b\":null}]},\"policies\":[{\"policy\":{\"policy-type\":\"no-policy-found\",\"extra\":true}}],\"contact-info\":null}\n\0\0garbage");

        Assert.Equal("no-policy-found", result.PolicyType);
        Assert.Null(result.ContactInfo);
        Assert.Null(result.SuccessfulSessions);
        Assert.Contains(result.Notes, n => n.Contains("organization-name is missing"));
        Assert.Contains(result.Notes, n => n.Contains("summary"));
    }

    [Theory]
    [InlineData("{\"policies\": [ }", "not valid JSON at byte 15")]
    [InlineData("{\"policies\": [", "not valid JSON at byte 14")]
    [InlineData("{\n\"policies\": [{\"summary\": {\"total-failure-session-count\": {}}}]}", "\"total-failure-session-count\" must be a whole number (at most 2^53), not an object")]
    [InlineData("{\"policies\": \"all\"}", "\"policies\" must be an array, not a string")]
    [InlineData("{\"kind\": \"dmarc\"}", "no \"policies\" array")]
    [InlineData("[1, 2]", "is an array")]
    [InlineData("{\"policies\":[{\"failure-details\":[{\"result-type\":[\"x\"]}]}]}", "\"result-type\" must be a string, not an array")]
    public void Parse_BrokenJson_NamesTheByteAndTheRule(string json, string reason)
    {
        var error = Assert.Throws<TlsRptReportException>(() => TlsRptReportParser.Parse(Encoding.UTF8.GetBytes(json), "x.json"));

        Assert.Equal(TlsRptReportProblem.Malformed, error.Problem);
        Assert.Contains(reason, error.Message);
        Assert.NotNull(error.BytePosition);
        Assert.InRange(error.BytePosition!.Value, 0, json.Length);
    }

    [Fact]
    public void Parse_ErrorOnALaterLine_GivesTheOffsetFromTheStart()
    {
        var json = "{\n  \"policies\": [\n    {\"summary\": {\"total-failure-session-count\": true}}]}";

        var error = Assert.Throws<TlsRptReportException>(() => TlsRptReportParser.Parse(Encoding.UTF8.GetBytes(json), "x.json"));

        Assert.Equal(json.IndexOf("true", StringComparison.Ordinal), error.BytePosition);
    }

    [Fact]
    public void Read_GzipAndReportMail_GiveTheSameResult()
    {
        var json = Encoding.UTF8.GetBytes(RfcExample);
        var gzip = Gzip(json);
        var mail = Encoding.ASCII.GetBytes(
            "From: r@sender.example\r\nSubject: Report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=tlsrpt; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain\r\n\r\nReport.\r\n--b\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            Convert.ToBase64String(gzip, Base64FormattingOptions.InsertLineBreaks) + "\r\n--b--\r\n");
        var reader = new TlsRptReportReader();

        var fromGzip = Assert.Single(reader.Read(new MemoryStream(gzip), "a", out var gzipForm));
        var fromMail = Assert.Single(reader.Read(new MemoryStream(mail), "b", out var mailForm));

        Assert.Equal("gzip", gzipForm);
        Assert.Contains("application/tlsrpt+gzip", mailForm);
        Assert.Equal(fromGzip.ReportId, fromMail.ReportId);
        Assert.Equal(fromGzip.FailureDetails.Count, fromMail.FailureDetails.Count);
    }

    [Fact]
    public void Read_GzipBomb_StopsAtTheCap()
    {
        var bomb = Gzip(Encoding.ASCII.GetBytes("{" + new string(' ', 4 * 1024 * 1024)));
        var reader = new TlsRptReportReader(maxReportBytes: 1024 * 1024);

        var error = Assert.Throws<TlsRptReportException>(() => reader.Read(new MemoryStream(bomb), "bomb.gz", out _));

        Assert.Equal(TlsRptReportProblem.TooLarge, error.Problem);
        Assert.Single(reader.Read(new MemoryStream(Gzip(Encoding.UTF8.GetBytes(RfcExample))), "next.gz", out _));
    }

    [Fact]
    public void Parse_MillionsOfEmptyEntriesInFewBytes_IsRefusedAsTooLarge()
    {
        // 2 MB that would unfold into 700,000 failure details: the byte cap alone lets it through.
        var details = string.Join(",", Enumerable.Repeat("{}", 700_000));
        var json = "{\"policies\":[{\"policy\":{\"policy-type\":\"sts\"},\"failure-details\":[" + details + "]}]}";

        var error = Assert.Throws<TlsRptReportException>(() => TlsRptReportParser.Parse(Encoding.UTF8.GetBytes(json), "x.json"));

        Assert.Equal(TlsRptReportProblem.TooLarge, error.Problem);
        Assert.Contains("more than 100,000", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.BytePosition);
    }

    [Fact]
    public void Parse_StringThatIsNotUtf8_IsAMalformedReportAtItsByte()
    {
        var start = Encoding.ASCII.GetBytes("{\"organization-name\":\"Soci");
        var latin1 = new byte[] { 0xE9 };
        var end = Encoding.ASCII.GetBytes("t\",\"policies\":[]}");
        var json = start.Concat(latin1).Concat(end).ToArray();

        var error = Assert.Throws<TlsRptReportException>(() => TlsRptReportParser.Parse(json, "latin1.json"));

        Assert.Equal(TlsRptReportProblem.Malformed, error.Problem);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("9007199254740993")]
    [InlineData("\"9223372036854775807\"")]
    public void Parse_SessionCountBeyondJsonNumbers_IsRefusedNotOverflowed(string count)
    {
        var json = "{\"policies\":[{\"policy\":{\"policy-type\":\"sts\"},\"summary\":{\"total-failure-session-count\":1},\"failure-details\":["
            + "{\"result-type\":\"a\",\"failed-session-count\":" + count + "},{\"result-type\":\"b\",\"failed-session-count\":" + count + "}]}]}";

        var error = Assert.Throws<TlsRptReportException>(() => TlsRptReportParser.Parse(Encoding.UTF8.GetBytes(json), "x.json"));

        Assert.Contains("at most 2^53", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MailWithoutReport_SaysSo()
    {
        var mail = Encoding.ASCII.GetBytes("From: a@example.net\r\nSubject: hi\r\nContent-Type: text/plain\r\n\r\nNo report.\r\n");

        var error = Assert.Throws<TlsRptReportException>(() => new TlsRptReportReader().Read(new MemoryStream(mail), "m.eml", out _));

        Assert.Equal(TlsRptReportProblem.NoReport, error.Problem);
    }

    private static TlsRptPolicyResult Single(string json) =>
        Assert.Single(TlsRptReportParser.Parse(Encoding.UTF8.GetBytes(json), "t.json"));

    internal static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data, 0, data.Length);
        }

        return buffer.ToArray();
    }
}
