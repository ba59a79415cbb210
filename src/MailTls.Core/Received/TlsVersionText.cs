using System.Security.Authentication;
using System.Text.RegularExpressions;

namespace MailTls.Received;

/// <summary>TLS versions as MTAs spell them (TLSv1.3, TLS1.3, TLS1_3, SSLv3) turned into SslProtocols, as Test-SmtpTls reports them.</summary>
internal static class TlsVersionText
{
    // The numbers, not the members: SSL 3, TLS 1.0 and 1.1 are obsolete members, and TLS 1.3 has none in netstandard2.0.
    private const SslProtocols Ssl3 = (SslProtocols)48;
    private const SslProtocols Tls10 = (SslProtocols)192;
    private const SslProtocols Tls11 = (SslProtocols)768;
    private const SslProtocols Tls12 = (SslProtocols)3072;
    private const SslProtocols Tls13 = (SslProtocols)12288;

    private static readonly Regex Version = new(@"^(?<kind>TLS|SSL)\s*[vV]?(?<major>\d)(?:[._](?<minor>\d))?(?:-\w+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Null for what is not one version, such as OpenSSL's "TLSv1/SSLv3" (a cipher's family, not the session's version).</summary>
    public static SslProtocols? Parse(string? text)
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
            return major == "3" ? Ssl3 : null;
        }

        return (major, minor) switch
        {
            ("1", "0") => Tls10,
            ("1", "1") => Tls11,
            ("1", "2") => Tls12,
            ("1", "3") => Tls13,
            _ => null,
        };
    }

    public static bool IsVersionText(string text) => Version.IsMatch(text.Trim());
}
