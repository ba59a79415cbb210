using System.Collections.Generic;
using System.Linq;

namespace MailTls.Rules;

/// <summary>DANE rules that need a whole domain's MX hosts at once.</summary>
internal static class DaneRules
{
    /// <summary>
    /// RFC 7672 §2.2.1: senders apply DANE per MX host, so in a domain where some hosts publish TLSA
    /// records, one without them is the weak link. Returns the finding for each such host, by exchange.
    /// </summary>
    public static IReadOnlyDictionary<string, Finding> Partial(string domain, IReadOnlyList<(string Exchange, DaneStatus Dane)> hosts)
    {
        var dane = hosts.Where(h => h.Dane is DaneStatus.Valid or DaneStatus.Mismatch).Select(h => h.Exchange).Distinct().ToArray();
        if (dane.Length == 0)
        {
            return new Dictionary<string, Finding>();
        }

        return hosts.Where(h => h.Dane == DaneStatus.None).Select(h => h.Exchange).Distinct().ToDictionary(
            exchange => exchange,
            exchange => new Finding(FindingCodes.DanePartial, Severity.Warning,
                $"{exchange} has no TLSA records while {string.Join(", ", dane)} of {domain} use DANE: senders can be steered to this host without DANE's protection. Publish TLSA records for it too."));
    }
}
