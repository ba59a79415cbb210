using System;
using System.Globalization;

namespace MailTls;

/// <summary>
/// Times as MailTls's results carry them: ISO 8601 in UTC ("2029-03-05T12:00:00Z"), so a row reads the
/// same on screen, in Export-Csv on any culture, in JSON, and after Import-Csv; [datetime] turns one back.
/// </summary>
public static class IsoTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset? time) => time is { } value ? Format(value) : string.Empty;
}
