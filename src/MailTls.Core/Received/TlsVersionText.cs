using System.Text.RegularExpressions;

namespace MailTls.Received;

/// <summary>TLS versions as MTAs spell them (TLSv1.3, TLS1.3, TLS1_3, SSLv3) turned into the TlsVersion Test-SmtpTls reports.</summary>
internal static class TlsVersionText
{
    private static readonly Regex Version = new(@"^(?<kind>TLS|SSL)\s*[vV]?(?<major>\d)(?:[._](?<minor>\d))?(?:-\w+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Null for what is not one version, such as OpenSSL's "TLSv1/SSLv3" (a cipher's family, not the session's version).</summary>
    public static TlsVersion? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var match = Version.Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var major = match.Groups["major"].Value;
        var minor = match.Groups["minor"].Success ? match.Groups["minor"].Value : "0";
        if (match.Groups["kind"].Value.ToUpperInvariant() == "SSL")
        {
            return major == "3" ? TlsVersion.Ssl3 : null;
        }

        return (major, minor) switch
        {
            ("1", "0") => TlsVersion.Tls10,
            ("1", "1") => TlsVersion.Tls11,
            ("1", "2") => TlsVersion.Tls12,
            ("1", "3") => TlsVersion.Tls13,
            _ => null,
        };
    }

    public static bool IsVersionText(string text) => Version.IsMatch(text.Trim());
}
