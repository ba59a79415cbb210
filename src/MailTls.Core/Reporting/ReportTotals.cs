using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MailTls.Reporting;

/// <summary>The counts every format of the report shows, taken once over its rows.</summary>
internal sealed class ReportTotals
{
    private readonly Dictionary<Verdict, int> _verdicts = new();
    private readonly Dictionary<ForcedTlsLevel, int> _levels = new();
    private readonly Dictionary<ProtocolBucket, int> _protocols = new();
    private readonly Dictionary<ExpiryBucket, int> _expiries = new();

    private ReportTotals()
    {
    }

    /// <summary>Worst first: the order of the report's domain table.</summary>
    public static IComparer<ReportRow> WorstFirst { get; } = Comparer<ReportRow>.Create((a, b) =>
    {
        var order = ReportLabels.VerdictRank(b.Verdict).CompareTo(ReportLabels.VerdictRank(a.Verdict));
        order = order != 0 ? order : a.ForcedTls.CompareTo(b.ForcedTls);
        return order != 0 ? order : string.Compare(a.Domain, b.Domain, StringComparison.OrdinalIgnoreCase);
    });

    public int Domains { get; private set; }

    public int MxAddressesProbed { get; private set; }

    public int MxWithoutStartTls { get; private set; }

    public DateTimeOffset? FirstCheckedAt { get; private set; }

    public DateTimeOffset? LastCheckedAt { get; private set; }

    /// <summary>Codes with errors first, then by how many domains have them.</summary>
    public IReadOnlyList<FindingGroup> Findings { get; private set; } = Array.Empty<FindingGroup>();

    public static ReportTotals Of(IEnumerable<ReportRow> rows)
    {
        var totals = new ReportTotals();
        var groups = new Dictionary<string, FindingGroup>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            totals.Domains++;
            Increment(totals._verdicts, row.Verdict);
            Increment(totals._levels, row.ForcedTls);
            Increment(totals._protocols, Bucket(row.LowestProtocol));
            Increment(totals._expiries, Bucket(row.DaysUntilEarliestExpiry));
            totals.MxAddressesProbed += row.MxAddressesProbed ?? 0;
            totals.MxWithoutStartTls += row.MxWithoutStartTls ?? 0;
            if (ParseTime(row.CheckedAt) is { } checkedAt)
            {
                totals.FirstCheckedAt = totals.FirstCheckedAt is { } first && first <= checkedAt ? first : checkedAt;
                totals.LastCheckedAt = totals.LastCheckedAt is { } last && last >= checkedAt ? last : checkedAt;
            }

            foreach (var code in row.Codes)
            {
                if (!groups.TryGetValue(code, out var group))
                {
                    groups.Add(code, group = new FindingGroup(code));
                }

                group.Add(row.Domain, row.Details.FirstOrDefault(f => f.Code == code));
            }
        }

        totals.Findings = groups.Values
            .OrderByDescending(g => g.Severity ?? 0)
            .ThenByDescending(g => g.Domains.Count)
            .ThenBy(g => g.Code, StringComparer.Ordinal)
            .ToArray();
        return totals;
    }

    public int Count(Verdict verdict) => _verdicts.TryGetValue(verdict, out var n) ? n : 0;

    public int Count(ForcedTlsLevel level) => _levels.TryGetValue(level, out var n) ? n : 0;

    public int Count(ProtocolBucket bucket) => _protocols.TryGetValue(bucket, out var n) ? n : 0;

    public int Count(ExpiryBucket bucket) => _expiries.TryGetValue(bucket, out var n) ? n : 0;

    /// <summary>"38 %" of all domains; "0 %" for an empty report.</summary>
    public string Share(int count) =>
        Domains == 0 ? "0 %" : (100.0 * count / Domains).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static ProtocolBucket Bucket(TlsVersion? version) => version switch
    {
        TlsVersion.Tls13 => ProtocolBucket.Tls13,
        TlsVersion.Tls12 => ProtocolBucket.Tls12,
        TlsVersion.Tls11 => ProtocolBucket.Tls11,
        null => ProtocolBucket.None,
        _ => ProtocolBucket.Tls10OrOlder,
    };

    public static ExpiryBucket Bucket(int? days) => days switch
    {
        null => ExpiryBucket.None,
        < 0 => ExpiryBucket.Expired,
        < 14 => ExpiryBucket.Within14Days,
        < 30 => ExpiryBucket.Within30Days,
        _ => ExpiryBucket.Later,
    };

    private static DateTimeOffset? ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull =>
        counts[key] = (counts.TryGetValue(key, out var n) ? n : 0) + 1;
}
