using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace MailTls.TlsRpt;

/// <summary>One entry of a report's policies array, as read so far.</summary>
internal sealed class PolicyDraft
{
    public bool SawPolicy { get; set; }

    public string? Type { get; set; }

    public string? Domain { get; set; }

    public List<string>? Lines { get; set; }

    public List<string>? MxHosts { get; set; }

    public long? Successful { get; set; }

    public long? Failed { get; set; }

    public List<DetailDraft> Details { get; } = new();

    public TlsRptPolicyResult ToResult(ReportDraft report, string sourceFile)
    {
        var notes = new List<string>(report.Notes);
        if (!SawPolicy)
        {
            notes.Add("the policy object is missing.");
        }
        else if (Type is null)
        {
            notes.Add("policy-type is missing.");
        }

        if (Successful is null || Failed is null)
        {
            notes.Add("the summary session counts are missing.");
        }

        var result = new TlsRptPolicyResult
        {
            Organization = report.Organization,
            ContactInfo = report.ContactInfo,
            ReportId = report.ReportId,
            StartDate = report.Start,
            EndDate = report.End,
            PolicyType = Type,
            PolicyDomain = Domain,
            PolicyString = JoinPolicy(Type, Lines),
            MxHost = new TextList(MxHosts ?? Enumerable.Empty<string>()),
            SuccessfulSessions = Successful,
            FailedSessions = Failed,
            SourceFile = sourceFile,
        };

        result.FailureDetails = new TlsRptFailureDetailList(Details.Select(d => d.ToDetail(result)));
        result.DetailedFailedSessions = Details.Sum(d => d.FailedSessionCount ?? 0);
        result.FailureCountMismatch = Details.Count > 0 && Failed is not null && result.DetailedFailedSessions != Failed;
        if (result.FailureCountMismatch)
        {
            notes.Add($"the failure details add up to {result.DetailedFailedSessions} failed sessions, the summary says {Failed}.");
        }

        result.Notes = new TextList(notes);
        return result;
    }

    // Some senders put a TLSA policy's records into one string holding a JSON array; show the records.
    private static string? JoinPolicy(string? type, List<string>? lines)
    {
        if (lines is null || lines.Count == 0)
        {
            return null;
        }

        if (lines.Count == 1 && string.Equals(type, "tlsa", StringComparison.OrdinalIgnoreCase) && lines[0].TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            try
            {
                using var document = JsonDocument.Parse(lines[0]);
                if (document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                {
                    return string.Join("; ", document.RootElement.EnumerateArray().Select(e => e.GetString()));
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text as the sender wrote it.
            }
        }

        return string.Join("; ", lines);
    }
}
