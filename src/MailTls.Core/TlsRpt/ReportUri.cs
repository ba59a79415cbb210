using System;
using System.Collections.Generic;
using System.Text;
using MailTls.Dns;
using MailTls.MtaSts;
using MimeKit;

namespace MailTls.TlsRpt;

/// <summary>
/// One rua destination of a TLS-RPT record (RFC 8460 §3): a mailto: URI with well-formed addresses
/// or an absolute https: URL. Address syntax is MimeKit's; this class only unwraps the URI around it.
/// </summary>
internal static class ReportUri
{
    private const string Rule = TlsRptRecordParser.Rule;

    // Characters RFC 3986 never allows unencoded in a URI, besides controls, space and non-ASCII.
    private const string NeverInUri = "\"<>\\^`{|}";

    // Left as they are when a bare address becomes a mailto: URI; everything else is percent-encoded.
    private const string SafeInMailto = "-._~@+";

    /// <summary>True when <paramref name="uri"/> is a usable rua destination; otherwise a sentence in <paramref name="error"/>.</summary>
    public static bool TryValidate(string uri, out string error)
    {
        error = string.Empty;
        if (!HasOnlyUriCharacters(uri, out error))
        {
            return false;
        }

        var colon = uri.IndexOf(':');
        if (!StartsWithScheme(uri))
        {
            var hint = uri.IndexOf('@') >= 0 ? $" write 'mailto:{uri}'" : " use a mailto: or https: URI";
            error = $"{Rule}: the rua entry {TxtRecordGrammar.Quote(uri)} is not a URI;{hint}.";
            return false;
        }

        var scheme = uri.Substring(0, colon);
        switch (scheme.ToLowerInvariant())
        {
            case "mailto":
                return TryValidateMailto(uri, uri.Substring(colon + 1), out error);
            case "https":
                return TryValidateHttps(uri, out error);
            default:
                error = $"{Rule}: rua URIs must use the mailto: or https: scheme; {TxtRecordGrammar.Quote(uri)} uses '{scheme}:'.";
                return false;
        }
    }

    /// <summary>Turns a bare "user@domain" into "mailto:user@domain"; anything else is returned as it is.</summary>
    public static string FromAddressOrUri(string entry)
    {
        if (StartsWithScheme(entry) || entry.IndexOf('@') < 0)
        {
            return entry;
        }

        // The domain goes in as its A-label, which every sender can use; only the local part may need encoding.
        var at = entry.LastIndexOf('@');
        if (DomainName.TryNormalize(entry.Substring(at + 1), out var ascii, out _))
        {
            entry = entry.Substring(0, at + 1) + ascii;
        }

        var uri = new StringBuilder("mailto:");
        foreach (var b in Encoding.UTF8.GetBytes(entry))
        {
            var c = (char)b;
            if (b < 0x80 && (TxtRecordGrammar.IsAsciiLetterOrDigit(c) || SafeInMailto.IndexOf(c) >= 0))
            {
                uri.Append(c);
            }
            else
            {
                // Commas, semicolons and '!' must be encoded in rua (RFC 8460 §3); so must anything not URI-safe.
                uri.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return uri.ToString();
    }

    private static bool HasOnlyUriCharacters(string uri, out string error)
    {
        error = string.Empty;
        for (var i = 0; i < uri.Length; i++)
        {
            var c = uri[i];
            if (c <= ' ' || c >= '\x7F' || NeverInUri.IndexOf(c) >= 0)
            {
                error = $"{Rule}: the rua URI {TxtRecordGrammar.Quote(uri)} contains {TxtRecordGrammar.Describe(c)}, which a URI may not hold unencoded; percent-encode it.";
                return false;
            }

            if (c == '!')
            {
                error = $"{Rule}: the rua URI {TxtRecordGrammar.Quote(uri)} contains '!'; commas, exclamation points and semicolons in a rua URI must be percent-encoded ('!' as %21).";
                return false;
            }

            if (c == '%' && !(i + 2 < uri.Length && IsHexDigit(uri[i + 1]) && IsHexDigit(uri[i + 2])))
            {
                error = $"{Rule}: the rua URI {TxtRecordGrammar.Quote(uri)} has a '%' that is not followed by two hexadecimal digits.";
                return false;
            }
        }

        return true;
    }

    private static bool TryValidateMailto(string uri, string rest, out string error)
    {
        error = string.Empty;

        // Header fields after '?' (subject=...) are allowed by RFC 6068 and do not change where reports go.
        var query = rest.IndexOf('?');
        var to = query >= 0 ? rest.Substring(0, query) : rest;
        if (to.Length == 0)
        {
            error = $"{Rule}: the mailto URI {TxtRecordGrammar.Quote(uri)} names no address.";
            return false;
        }

        // A decoded comma separates several recipients (RFC 6068 §2); in rua it can only arrive encoded.
        foreach (var address in SplitOutsideQuotes(Uri.UnescapeDataString(to)))
        {
            if (!TryValidateAddress(uri, address, out error))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryValidateAddress(string uri, string address, out string error)
    {
        error = string.Empty;

        // MimeKit also takes "Name <a@b>" and comments; a mailto: holds the bare addr-spec only.
        // MimeKit shows an A-label domain decoded; compare in the encoded form both sides can take.
        if (!MailboxAddress.TryParse(address, out var mailbox)
            || !string.Equals(mailbox.GetAddress(idnEncode: true), address, StringComparison.OrdinalIgnoreCase) && mailbox.Address != address
            || !string.IsNullOrEmpty(mailbox.Name)
            || mailbox.Route.Count > 0)
        {
            error = $"{Rule}: the mailto URI {TxtRecordGrammar.Quote(uri)} does not hold a valid e-mail address: {TxtRecordGrammar.Quote(address)}.";
            return false;
        }

        if (string.IsNullOrEmpty(mailbox.Domain) || address.IndexOf('@') < 0)
        {
            error = $"{Rule}: the address {TxtRecordGrammar.Quote(address)} in {TxtRecordGrammar.Quote(uri)} has no '@domain' part.";
            return false;
        }

        if (!DomainName.TryNormalize(mailbox.Domain, out _, out var domainError))
        {
            error = $"{Rule}: the domain of {TxtRecordGrammar.Quote(address)} in {TxtRecordGrammar.Quote(uri)} is not valid: {domainError}";
            return false;
        }

        return true;
    }

    private static bool TryValidateHttps(string uri, out string error)
    {
        error = string.Empty;

        // Require "//": some Uri implementations read "https:host" as a host, reporters would not.
        var afterScheme = uri.Substring(uri.IndexOf(':') + 1);
        if (!afterScheme.StartsWith("//", StringComparison.Ordinal)
            || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            || parsed.Scheme != Uri.UriSchemeHttps
            || parsed.Host.Length == 0)
        {
            error = $"{Rule}: the rua URI {TxtRecordGrammar.Quote(uri)} must be an absolute https:// URL with a host name.";
            return false;
        }

        return true;
    }

    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"  (RFC 3986 §3.1)
    private static bool StartsWithScheme(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0 || !IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            var c = text[i];
            if (!TxtRecordGrammar.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    // Splits at commas, except inside a quoted local part such as "a,b"@example.com.
    private static List<string> SplitOutsideQuotes(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted && c == '\\' && i + 1 < text.Length)
            {
                current.Append(c).Append(text[++i]);
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ',' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsHexDigit(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');
}
