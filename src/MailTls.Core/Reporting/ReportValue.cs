using System;
using System.Globalization;

namespace MailTls.Reporting;

/// <summary>One value of a row read back (Import-Csv, ConvertFrom-Json, the row object itself) as the text the row had.</summary>
public static class ReportValue
{
    /// <summary>Null for no value; dates (ConvertFrom-Json makes them of ISO 8601 text) as that ISO text; anything else invariant.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        DateTimeOffset time => IsoTime.Format(time),
        DateTime time => IsoTime.Format(time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(time, TimeSpan.Zero) : new DateTimeOffset(time)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}
