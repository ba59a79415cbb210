using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MailTls.Reporting;

/// <summary>The words, orders and colours every format of the report shares.</summary>
internal static class ReportLabels
{
    public const string Nothing = "\u2014";

    public static IReadOnlyList<Verdict> Verdicts { get; } = new[] { Verdict.Pass, Verdict.Warn, Verdict.Fail, Verdict.Error };

    /// <summary>Strongest first.</summary>
    public static IReadOnlyList<ForcedTlsLevel> Levels { get; } = new[] { ForcedTlsLevel.Dane, ForcedTlsLevel.Verify, ForcedTlsLevel.Encrypt, ForcedTlsLevel.None };

    public static IReadOnlyList<ProtocolBucket> Protocols { get; } = new[] { ProtocolBucket.Tls13, ProtocolBucket.Tls12, ProtocolBucket.Tls11, ProtocolBucket.Tls10OrOlder, ProtocolBucket.None };

    public static IReadOnlyList<ExpiryBucket> Expiries { get; } = new[] { ExpiryBucket.Expired, ExpiryBucket.Within14Days, ExpiryBucket.Within30Days, ExpiryBucket.Later, ExpiryBucket.None };

    public static string Generator { get; } = "MailTls " + typeof(ReportLabels).Assembly.GetName().Version?.ToString(3);

    /// <summary>How much a verdict asks for attention: Fail (mail unprotected) before Error (nothing known).</summary>
    public static int VerdictRank(Verdict verdict) => verdict switch
    {
        Verdict.Pass => 0,
        Verdict.Warn => 1,
        Verdict.Error => 2,
        _ => 3,
    };

    public static string Meaning(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "No problem found.",
        Verdict.Warn => "Mail travels encrypted, but something should be fixed.",
        Verdict.Fail => "Mail is not protected, or cannot be delivered over TLS.",
        _ => "Could not be checked: nothing is known about TLS.",
    };

    public static string Meaning(ForcedTlsLevel level) => level switch
    {
        ForcedTlsLevel.Dane => "Every MX host matches its TLSA records in a DNSSEC-signed zone.",
        ForcedTlsLevel.Verify => "Every MX host offers STARTTLS with TLS 1.2+ and a certificate valid for its name.",
        ForcedTlsLevel.Encrypt => "Every MX host encrypts with TLS 1.2+, but a certificate would not verify.",
        _ => "Some MX host lacks STARTTLS or fails the handshake, or nothing could be checked: do not force TLS.",
    };

    public static string Postfix(ForcedTlsLevel level) => level switch
    {
        ForcedTlsLevel.Dane => "dane-only",
        ForcedTlsLevel.Verify => "secure",
        ForcedTlsLevel.Encrypt => "encrypt",
        _ => "may",
    };

    public static string Exchange(ForcedTlsLevel level) => level switch
    {
        ForcedTlsLevel.Dane => "DomainValidation",
        ForcedTlsLevel.Verify => "CertificateValidation",
        ForcedTlsLevel.Encrypt => "EncryptionOnly",
        _ => Nothing,
    };

    public static string Label(ProtocolBucket bucket) => bucket switch
    {
        ProtocolBucket.Tls13 => "TLS 1.3",
        ProtocolBucket.Tls12 => "TLS 1.2",
        ProtocolBucket.Tls11 => "TLS 1.1",
        ProtocolBucket.Tls10OrOlder => "TLS 1.0 or SSL",
        _ => "No TLS",
    };

    public static string Label(ExpiryBucket bucket) => bucket switch
    {
        ExpiryBucket.Expired => "Expired",
        ExpiryBucket.Within14Days => "< 14 days",
        ExpiryBucket.Within30Days => "< 30 days",
        ExpiryBucket.Later => "30 days or more",
        _ => "No certificate",
    };

    // Good to bad: greens for what is fine, amber and red for what needs work, grey for nothing seen.
    public static string Colour(ProtocolBucket bucket) => bucket switch
    {
        ProtocolBucket.Tls13 => "#2e7d5b",
        ProtocolBucket.Tls12 => "#74b49b",
        ProtocolBucket.Tls11 => "#d9a03f",
        ProtocolBucket.Tls10OrOlder => "#c0392b",
        _ => "#8a94a6",
    };

    public static string Colour(ExpiryBucket bucket) => bucket switch
    {
        ExpiryBucket.Expired => "#b42318",
        ExpiryBucket.Within14Days => "#dd6b20",
        ExpiryBucket.Within30Days => "#e3b341",
        ExpiryBucket.Later => "#2e7d5b",
        _ => "#8a94a6",
    };

    public static string Protocol(TlsVersion? version) => version?.DisplayName() ?? Nothing;

    /// <summary>The MTA-STS column: the policy's mode, or why there is none.</summary>
    public static (string Text, int Rank) MtaSts(ReportRow row) => (row.MtaStsMode, row.MtaStsValid) switch
    {
        (_, false) => ("Invalid", 1),
        (MtaStsMode.Enforce, _) => ("Enforce", 4),
        (MtaStsMode.Testing, _) => ("Testing", 3),
        (MtaStsMode.None, _) => ("None", 2),
        _ => (Nothing, 0),
    };

    public static string SeverityLabel(Severity? severity) => severity?.ToString() ?? "Severity not known";

    /// <summary>"2026-12-01 15:45", in UTC: to the minute, as a person reads a run's time.</summary>
    public static string Moment(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>" checked 2026-12-01 02:00 to 02:07 UTC": when the rows were checked, to the minute; empty when no row says.</summary>
    public static string Checked(ReportTotals totals)
    {
        if (totals.FirstCheckedAt is not { } first || totals.LastCheckedAt is not { } last)
        {
            return string.Empty;
        }

        var end = Moment(last) == Moment(first) ? string.Empty
            : " to " + (last.UtcDateTime.Date == first.UtcDateTime.Date ? last.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) : Moment(last));
        return $" checked {Moment(first)}{end} UTC";
    }

    public static string Domains(int count) => count == 1 ? "1 domain" : $"{count} domains";

    /// <summary>
    /// Text from DNS and servers, made safe to show: control characters and the bidirectional
    /// overrides that could make one name read as another become U+FFFD; line breaks become spaces.
    /// </summary>
    public static string Clean(string text)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '\r' or '\n' or '\t' => ' ',
                '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => '\uFFFD',
                _ when char.IsControl(c) => '\uFFFD',
                _ => c,
            };
            if (replacement != c)
            {
                cleaned ??= new StringBuilder(text, 0, i, text.Length);
            }

            cleaned?.Append(replacement);
        }

        return cleaned?.ToString() ?? text;
    }
}
