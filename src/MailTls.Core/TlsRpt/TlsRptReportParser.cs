using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MailTls.TlsRpt;

/// <summary>
/// Reads one RFC 8460 aggregate report from its JSON text with Utf8JsonReader, so every error can
/// name its byte. It accepts what real senders send: unknown fields are skipped, missing ones are
/// left empty with a note, and values are kept as written.
/// </summary>
public static class TlsRptReportParser
{
    private const string NotAReport = "not a TLS report";

    // The size cap bounds the text, not what it unfolds into: 128 MiB of "{}," is 40 million empty
    // failure details. A real report has at most thousands of entries.
    private const int MaxEntries = 100_000;

    // Sessions are counted in JSON numbers; past 2^53 a count is not a count, and sums would overflow.
    private const long MaxCount = 1L << 53;
    private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };

    /// <summary>One result per policy in the report, in report order.</summary>
    /// <exception cref="TlsRptReportException">The text is not JSON, or not a TLS report.</exception>
    public static IReadOnlyList<TlsRptPolicyResult> Parse(ReadOnlySpan<byte> json, string sourceFile)
    {
        var offset = json.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var text = json.Slice(offset);

        // Options allow nothing beyond RFC 8259 except what costs no ambiguity: comments do not occur in reports.
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Problem(offset + reader.TokenStartIndex, NotAReport, "a TLS report is a JSON object, and this is " + Describe(reader.TokenType));
            }

            // Only the first JSON value is the report; some senders append a newline, NULs or a signature.
            var report = ReadReport(ref reader, offset);
            return report.ToResults(sourceFile);
        }
        catch (JsonException ex)
        {
            var position = offset + AbsolutePosition(text, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            throw Problem(position, "not valid JSON", FirstSentence(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetString throws this for a string that is not valid UTF-8 (a Latin-1 name, a lone surrogate).
            throw Problem(offset + reader.TokenStartIndex, "not valid JSON", "a string is not valid UTF-8 (" + FirstSentence(ex.Message) + ")");
        }
    }

    private static ReportDraft ReadReport(ref Utf8JsonReader reader, int offset)
    {
        var report = new ReportDraft();
        var sawPolicies = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("organization-name"u8))
            {
                report.Organization = ReadText(ref reader, "organization-name", offset);
            }
            else if (reader.ValueTextEquals("contact-info"u8))
            {
                report.ContactInfo = ReadText(ref reader, "contact-info", offset);
            }
            else if (reader.ValueTextEquals("report-id"u8))
            {
                report.ReportId = ReadText(ref reader, "report-id", offset);
            }
            else if (reader.ValueTextEquals("date-range"u8))
            {
                ReadDateRange(ref reader, report, offset);
            }
            else if (reader.ValueTextEquals("policies"u8))
            {
                sawPolicies = true;
                ReadPolicies(ref reader, report, offset);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        if (!sawPolicies)
        {
            throw Problem(offset + reader.TokenStartIndex, NotAReport, "the JSON object has no \"policies\" array (RFC 8460 §4.4)");
        }

        report.NoteMissing();
        return report;
    }

    private static void ReadDateRange(ref Utf8JsonReader reader, ReportDraft report, int offset)
    {
        if (!ExpectObject(ref reader, "date-range", offset))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("start-datetime"u8))
            {
                report.Start = ReadDate(ref reader, "start-datetime", report.Notes, offset);
            }
            else if (reader.ValueTextEquals("end-datetime"u8))
            {
                report.End = ReadDate(ref reader, "end-datetime", report.Notes, offset);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static void ReadPolicies(ref Utf8JsonReader reader, ReportDraft report, int offset)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType("policies", "an array", reader, offset);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType("policies[" + report.Policies.Count + "]", "an object", reader, offset);
            }

            CountEntry(report, reader, offset);
            report.Policies.Add(ReadPolicy(ref reader, report, offset));
        }
    }

    private static PolicyDraft ReadPolicy(ref Utf8JsonReader reader, ReportDraft report, int offset)
    {
        var policy = new PolicyDraft();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("policy"u8))
            {
                policy.SawPolicy = ExpectObject(ref reader, "policy", offset);
                if (policy.SawPolicy)
                {
                    ReadPolicyFields(ref reader, policy, report, offset);
                }
            }
            else if (reader.ValueTextEquals("summary"u8))
            {
                if (ExpectObject(ref reader, "summary", offset))
                {
                    ReadSummary(ref reader, policy, offset);
                }
            }
            else if (reader.ValueTextEquals("failure-details"u8))
            {
                ReadFailureDetails(ref reader, policy, report, offset);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return policy;
    }

    private static void ReadPolicyFields(ref Utf8JsonReader reader, PolicyDraft policy, ReportDraft report, int offset)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("policy-type"u8))
            {
                policy.Type = ReadText(ref reader, "policy-type", offset);
            }
            else if (reader.ValueTextEquals("policy-domain"u8))
            {
                policy.Domain = ReadText(ref reader, "policy-domain", offset);
            }
            else if (reader.ValueTextEquals("policy-string"u8))
            {
                policy.Lines = ReadTextList(ref reader, "policy-string", report, offset);
            }
            else if (reader.ValueTextEquals("mx-host"u8))
            {
                policy.MxHosts = ReadTextList(ref reader, "mx-host", report, offset);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static void ReadSummary(ref Utf8JsonReader reader, PolicyDraft policy, int offset)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("total-successful-session-count"u8))
            {
                policy.Successful = ReadCount(ref reader, "total-successful-session-count", offset);
            }
            else if (reader.ValueTextEquals("total-failure-session-count"u8))
            {
                policy.Failed = ReadCount(ref reader, "total-failure-session-count", offset);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    private static void ReadFailureDetails(ref Utf8JsonReader reader, PolicyDraft policy, ReportDraft report, int offset)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType("failure-details", "an array", reader, offset);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType("failure-details[" + policy.Details.Count + "]", "an object", reader, offset);
            }

            CountEntry(report, reader, offset);
            var detail = new DetailDraft();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("result-type"u8))
                {
                    detail.ResultType = ReadText(ref reader, "result-type", offset);
                }
                else if (reader.ValueTextEquals("sending-mta-ip"u8))
                {
                    detail.SendingMtaIp = ReadText(ref reader, "sending-mta-ip", offset);
                }
                else if (reader.ValueTextEquals("receiving-mx-hostname"u8))
                {
                    detail.ReceivingMxHostname = ReadText(ref reader, "receiving-mx-hostname", offset);
                }
                else if (reader.ValueTextEquals("receiving-mx-helo"u8))
                {
                    detail.ReceivingMxHelo = ReadText(ref reader, "receiving-mx-helo", offset);
                }
                else if (reader.ValueTextEquals("receiving-ip"u8))
                {
                    detail.ReceivingIp = ReadText(ref reader, "receiving-ip", offset);
                }
                else if (reader.ValueTextEquals("failed-session-count"u8))
                {
                    detail.FailedSessionCount = ReadCount(ref reader, "failed-session-count", offset);
                }
                else if (reader.ValueTextEquals("additional-information"u8))
                {
                    detail.AdditionalInformation = ReadText(ref reader, "additional-information", offset);
                }
                else if (reader.ValueTextEquals("failure-reason-code"u8))
                {
                    detail.FailureReasonCode = ReadText(ref reader, "failure-reason-code", offset);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            policy.Details.Add(detail);
        }
    }

    // Moves to the next property name of the current object; false at its end.
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    // True when positioned on an object's start; null means "absent", anything else is the wrong type.
    private static bool ExpectObject(ref Utf8JsonReader reader, string field, int offset)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType(field, "an object", reader, offset);
        }

        return true;
    }

    // Strings as they are; numbers and booleans as their JSON text, since senders disagree on types.
    private static string? ReadText(ref Utf8JsonReader reader, string field, int offset)
    {
        reader.Read();
        return ScalarText(ref reader, field, offset);
    }

    private static string? ScalarText(ref Utf8JsonReader reader, string field, int offset) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan.ToArray()),
        _ => throw WrongType(field, "a string", reader, offset),
    };

    // A string or an array of strings (mx-host and policy-string come both ways).
    private static List<string> ReadTextList(ref Utf8JsonReader reader, string field, ReportDraft report, int offset)
    {
        var values = new List<string>();
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var single = ScalarText(ref reader, field, offset);
            if (!string.IsNullOrEmpty(single))
            {
                values.Add(single!);
            }

            return values;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                throw WrongType(field + "[" + values.Count + "]", "a string", reader, offset);
            }

            CountEntry(report, reader, offset);
            var value = ScalarText(ref reader, field, offset);
            if (value is not null)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private static long? ReadCount(ref Utf8JsonReader reader, string field, int offset)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var count) && Math.Abs(count) <= MaxCount:
                return count;
            case JsonTokenType.Number when !reader.TryGetInt64(out _) && reader.TryGetDouble(out var real) && real == Math.Floor(real) && Math.Abs(real) <= MaxCount:
                return (long)real;
            case JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var quoted) && Math.Abs(quoted) <= MaxCount:
                return quoted;
            default:
                throw WrongType(field, "a whole number (at most 2^53)", reader, offset);
        }
    }

    private static DateTimeOffset? ReadDate(ref Utf8JsonReader reader, string field, List<string> notes, int offset)
    {
        var text = ReadText(ref reader, field, offset);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!TlsRptDateTime.TryParse(text!, out var value, out var hadZone))
        {
            notes.Add($"{field} '{text}' is not an RFC 3339 date-time; left empty.");
            return null;
        }

        if (!hadZone)
        {
            notes.Add($"{field} '{text}' has no time zone; read as UTC.");
        }

        return value;
    }

    private static void CountEntry(ReportDraft report, Utf8JsonReader reader, int offset)
    {
        if (++report.Entries > MaxEntries)
        {
            var position = offset + reader.TokenStartIndex;
            throw new TlsRptReportException(
                TlsRptReportProblem.TooLarge,
                $"more than {MaxEntries.ToString("N0", CultureInfo.InvariantCulture)} policies, failure details and list items at byte {position.ToString(CultureInfo.InvariantCulture)}; TLS reports hold far fewer, so it was refused (a bomb, or not a report).",
                position);
        }
    }

    private static TlsRptReportException WrongType(string field, string expected, Utf8JsonReader reader, int offset) =>
        Problem(offset + reader.TokenStartIndex, NotAReport, $"\"{field}\" must be {expected}, not {Describe(reader.TokenType)}");

    private static TlsRptReportException Problem(long position, string headline, string detail) =>
        new(TlsRptReportProblem.Malformed, $"{headline} at byte {position.ToString(CultureInfo.InvariantCulture)}: {detail}.", position);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.None => "nothing",
        _ => token.ToString(),
    };

    // JsonException gives line and byte-in-line; turn them back into an offset from the start.
    private static long AbsolutePosition(ReadOnlySpan<byte> text, long line, long byteInLine)
    {
        long start = 0;
        for (long seen = 0; seen < line; seen++)
        {
            var next = text.Slice((int)start).IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        return Math.Min(start + byteInLine, text.Length);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd(' ', '.');
    }
}
