using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MailTls.TlsRpt;

/// <summary>RFC 3339 date-times as TLS reports carry them, and the zone-less ones some senders write (read as UTC).</summary>
internal static class TlsRptDateTime
{
    // RFC 3339's shape (a date, optionally a time of day, optionally a zone: Z or ±hh:mm, ±hhmm from
    // careless senders); anything else, such as 01/04/2016, is not guessed at as a culture would.
    private static readonly Regex Shape = new(
        @"^\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?<zone>[Zz]|[+-]\d\d:?\d\d)?$",
        RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out DateTimeOffset value, out bool hadZone)
    {
        var trimmed = text.Trim();
        var shape = Shape.Match(trimmed);
        hadZone = shape.Groups["zone"].Success;
        if (shape.Success
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            return true;
        }

        value = default;
        return false;
    }
}
