using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MailTls.TlsRpt;

/// <summary>RFC 3339 date-times as TLS reports carry them, and the zone-less ones some senders write (read as UTC).</summary>
internal static class TlsRptDateTime
{
    // A zone is Z or ±hh:mm (±hhmm from careless senders) after the time of day.
    private static readonly Regex Zone = new(@"[Tt ]\d.*([Zz]|[+-]\d\d:?\d\d)$", RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out DateTimeOffset value, out bool hadZone)
    {
        var trimmed = text.Trim();
        hadZone = Zone.IsMatch(trimmed);
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
            && trimmed.Length >= 10 && char.IsDigit(trimmed[0]))
        {
            value = value.ToUniversalTime();
            return true;
        }

        return false;
    }
}
