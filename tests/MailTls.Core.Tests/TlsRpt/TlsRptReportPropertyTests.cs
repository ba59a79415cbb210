using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Received;
using MailTls.TlsRpt;
using MailTls.Tests.MtaSts;

namespace MailTls.Tests.TlsRpt;

/// <summary>Any valid report, written by System.Text.Json's writer, reads back equal; broken ones fail only with TlsRptReportException.</summary>
public class TlsRptReportPropertyTests
{
    private static readonly string[] ResultTypes =
    {
        "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted", "validation-failure",
        "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid", "free text ✓",
    };

    [Property(MaxTest = 300)]
    public Property Parse_WrittenReport_RoundTrips()
    {
        return Prop.ForAll(Arb.From(Reports()), report =>
        {
            var parsed = TlsRptReportParser.Parse(Write(report), "g.json");
            return (parsed.Count == report.Policies.Length && parsed.Zip(report.Policies, (r, p) => Same(report, p, r)).All(x => x)).Label(Encoding.UTF8.GetString(Write(report)));
        });
    }

    [Property(MaxTest = 300)]
    public Property Read_WrittenReportAsGzip_RoundTripsToo()
    {
        return Prop.ForAll(Arb.From(Reports()), report =>
        {
            var parsed = new TlsRptReportReader().Read(new MemoryStream(TlsRptReportParserTests.Gzip(Write(report))), "g.json.gz", out _);
            return parsed.Count == report.Policies.Length && parsed.Zip(report.Policies, (r, p) => Same(report, p, r)).All(x => x);
        });
    }

    [Property(MaxTest = 500)]
    public Property Parse_TruncatedOrCorruptedReport_FailsOnlyWithAPositionedError()
    {
        var cases =
            from report in Reports()
            from cut in Gen.Choose(0, 1000)
            from junk in Gen.Elements((byte)'}', (byte)'[', (byte)'"', (byte)0, (byte)':', (byte)'x')
            select (report, cut, junk);

        return Prop.ForAll(Arb.From(cases), c =>
        {
            var bytes = Write(c.report);
            var broken = bytes.Take(c.cut % bytes.Length).Append(c.junk).ToArray();
            try
            {
                TlsRptReportParser.Parse(broken, "b.json");
                return true.Label("parsed");
            }
            catch (TlsRptReportException ex)
            {
                return (ex.BytePosition >= 0 && ex.BytePosition <= broken.Length).Label(ex.Message);
            }
        });
    }

    [Property(MaxTest = 2000)]
    public Property ReadHop_ArbitraryText_NeverThrows(string? text)
    {
        var hop = ReceivedHopReader.Read(text ?? string.Empty);
        return (hop.Raw.Length <= (text ?? string.Empty).Length && Enum.IsDefined(typeof(HopEncryption), hop.Encrypted)).Label(text ?? "null");
    }

    private static bool Same(ReportModel report, PolicyModel policy, TlsRptPolicyResult read) =>
        read.Organization == report.Organization
        && read.ReportId == report.ReportId
        && read.ContactInfo == report.Contact
        && read.StartDate == report.Start
        && read.EndDate == report.End
        && read.PolicyType == policy.Type
        && read.PolicyDomain == policy.Domain
        && read.PolicyString == (policy.Lines.Length == 0 ? null : string.Join("; ", policy.Lines))
        && read.MxHost.SequenceEqual(policy.MxHosts)
        && read.SuccessfulSessions == policy.Successful
        && read.FailedSessions == policy.Failed
        && read.FailureDetails.Count == policy.Details.Length
        && read.FailureDetails.Zip(policy.Details, (d, m) => d.ResultType == m.ResultType && d.FailedSessionCount == m.Count && d.SendingMtaIp == m.Ip && d.FailureReasonCode == m.Reason).All(x => x)
        && read.FailureCountMismatch == (policy.Details.Length > 0 && policy.Details.Sum(d => d.Count) != policy.Failed);

    private static byte[] Write(ReportModel report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("organization-name", report.Organization);
            json.WriteStartObject("date-range");
            json.WriteString("start-datetime", report.Start);
            json.WriteString("end-datetime", report.End);
            json.WriteEndObject();
            if (report.Contact is null)
            {
                json.WriteNull("contact-info");
            }
            else
            {
                json.WriteString("contact-info", report.Contact);
            }

            json.WriteString("report-id", report.ReportId);
            json.WriteStartArray("policies");
            foreach (var policy in report.Policies)
            {
                json.WriteStartObject();
                json.WriteStartObject("policy");
                json.WriteString("policy-type", policy.Type);
                WriteStrings(json, "policy-string", policy.Lines);
                json.WriteString("policy-domain", policy.Domain);
                WriteStrings(json, "mx-host", policy.MxHosts);
                json.WriteEndObject();
                json.WriteStartObject("summary");
                json.WriteNumber("total-successful-session-count", policy.Successful);
                json.WriteNumber("total-failure-session-count", policy.Failed);
                json.WriteEndObject();
                json.WriteStartArray("failure-details");
                foreach (var detail in policy.Details)
                {
                    json.WriteStartObject();
                    json.WriteString("result-type", detail.ResultType);
                    json.WriteString("sending-mta-ip", detail.Ip);
                    json.WriteNumber("failed-session-count", detail.Count);
                    json.WriteString("failure-reason-code", detail.Reason);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static Gen<string> Text() =>
        from length in Gen.Choose(1, 24)
        from chars in Gen.ArrayOf(Gen.Elements("abcXYZ019 -_.:/\"\\é✓\u00e4\u4e2d".ToCharArray()), length)
        select new string(chars);

    private static Gen<ReportModel> Reports()
    {
        var details =
            from type in Gen.Elements(ResultTypes)
            from ip in Gen.Elements("192.0.2.1", "2001:db8::1", "198.51.100.62")
            from count in Gen.Choose(0, 100000)
            from reason in Text()
            select new DetailModel(type, ip, count, reason);
        var policies =
            from type in Gen.Elements("sts", "tlsa", "no-policy-found")
            from domain in TextGenerators.HostName(2, 3)
            from lineCount in Gen.Choose(0, 5)
            from lines in Gen.ArrayOf(Text(), lineCount)
            from mxCount in Gen.Choose(0, 3)
            from mx in Gen.ArrayOf(TextGenerators.HostName(2, 3), mxCount)
            from ok in Gen.Choose(0, int.MaxValue)
            from failed in Gen.Choose(0, 1000000)
            from detailCount in Gen.Choose(0, 4)
            from list in Gen.ArrayOf(details, detailCount)
            select new PolicyModel(type, domain, type == "tlsa" ? lines.Select(l => l.TrimStart('[')).ToArray() : lines, mx, ok, failed, list);
        return
            from organization in Text()
            from id in Text()
            from contact in Gen.OneOf(Text().Select(t => (string?)t), Gen.Constant((string?)null))
            from days in Gen.Choose(0, 20000)
            from count in Gen.Choose(0, 3)
            from list in Gen.ArrayOf(policies, count)
            let start = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(days)
            select new ReportModel(organization, id, contact, start, start.AddDays(1).AddSeconds(-1), list);
    }

    private sealed record ReportModel(string Organization, string ReportId, string? Contact, DateTimeOffset Start, DateTimeOffset End, PolicyModel[] Policies);

    private sealed record PolicyModel(string Type, string Domain, string[] Lines, string[] MxHosts, long Successful, long Failed, DetailModel[] Details);

    private sealed record DetailModel(string ResultType, string Ip, long Count, string Reason);
}
