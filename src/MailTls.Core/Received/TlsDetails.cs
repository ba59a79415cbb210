using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace MailTls.Received;

/// <summary>
/// The TLS facts one Received header states, read from the forms MTAs write them in. Each form is
/// taken from the MTA's own source or documentation:
/// Postfix smtpd.c "(using TLSv1.3 with cipher X (256/256 bits) key-exchange ...)" and its client-certificate comments;
/// Sendmail cf/m4 _REC_TLS_ "(version=TLSv1.3 cipher=X bits=256 verify=OK)", which Gmail, Exchange (comma-separated),
/// Mimecast, old Haraka and old OpenSMTPD also use; Exim before 4.93 "($tls_cipher)" = "(TLS1.2:CIPHER:256)" and
/// OpenSMTPD since 2016 "(TLSv1.3:CIPHER:256:YES)"; Exim 4.93+ "(TLS1.3) tls CIPHER" and Haraka's RFC 8314 "tls CIPHER";
/// Exchange "(TLS)"; Gmail "(Google Transport Security)"; qmail-tls and qpsmtpd "(CIPHER encrypted)".
/// </summary>
internal sealed class TlsDetails
{
    private static readonly Regex Postfix = new(@"^using (?<version>\S+) with cipher (?<cipher>\S+) \((?<bits>\d+)/\d+ bits\)", RegexOptions.CultureInvariant);
    private static readonly Regex PostfixClient = new(@"^Client CN ""[^""]*"", Issuer ""[^""]*"" \((?<state>verified OK|not verified)\)$", RegexOptions.CultureInvariant);
    private static readonly Regex KeyValue = new(@"(?:^|[\s,])(?<key>version|cipher|bits|verify)=(?<value>[^\s,;()]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex ColonForm = new(@"^(?<version>(?:TLS|SSL)v?[\d._]+(?:/SSLv3)?)(?:-\w+)?:(?<cipher>[^:\s]+):(?<bits>\d+)(?::(?<verified>YES|NO))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex Encrypted = new(@"^(?<cipher>\S+) encrypted(?: (?<protocol>\S+))?", RegexOptions.CultureInvariant);

    public TlsVersion? Protocol { get; private set; }

    public string? Cipher { get; private set; }

    public int? Bits { get; private set; }

    public bool? PeerVerified { get; private set; }

    /// <summary>The text that proved TLS, as written; null when the header names none.</summary>
    public string? Marker { get; private set; }

    /// <summary>The software whose TLS form matched, when the form is its own.</summary>
    public string? Software { get; private set; }

    /// <summary>qmail-tls before its comment form wrote "with CIPHER encrypted SMTP": the protocol word that remains.</summary>
    public string? QmailProtocol { get; private set; }

    public static TlsDetails Read(ReceivedStamp stamp)
    {
        var details = new TlsDetails();
        foreach (var comment in stamp.AllComments)
        {
            details.ReadComment(comment);
        }

        // RFC 8314 §4.3's "tls" clause names the cipher suite; old OpenSMTPD's "TLS version=..." is key=value text instead.
        foreach (var tls in stamp.ClausesNamed("tls").Where(c => c.FirstWord is { } word && word.IndexOf('=') < 0))
        {
            details.Prove("tls " + tls.Text, cipher: tls.FirstWord);
        }

        foreach (var with in stamp.ClausesNamed("with"))
        {
            details.ReadWith(with);
        }

        // Old OpenSMTPD wrote "TLS version=... cipher=... bits=... verify=..." outside any comment.
        var words = string.Join(" ", stamp.Clauses.SelectMany(c => c.Words));
        if (words.IndexOf("cipher=", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            details.ReadKeyValues(words);
        }

        return details;
    }

    // Cheap checks before each regex: a header has several comments, most of them host names and addresses.
    private void ReadComment(string comment)
    {
        if (comment.Length == 0)
        {
            return;
        }

        var postfix = comment.StartsWith("using ", StringComparison.Ordinal) ? Postfix.Match(comment) : Match.Empty;
        if (postfix.Success)
        {
            Software = "Postfix";
            Prove("(" + comment + ")", postfix.Groups["version"].Value, postfix.Groups["cipher"].Value, postfix.Groups["bits"].Value);
            return;
        }

        var client = comment.StartsWith("Client CN", StringComparison.Ordinal) ? PostfixClient.Match(comment) : Match.Empty;
        if (client.Success)
        {
            PeerVerified = client.Groups["state"].Value == "verified OK";
            return;
        }

        if (comment == "Client did not present a certificate")
        {
            PeerVerified = false;
            return;
        }

        var tlsOrSsl = comment[0] is 'T' or 't' or 'S' or 's';
        var colon = tlsOrSsl && comment.IndexOf(':') > 0 ? ColonForm.Match(comment) : Match.Empty;
        if (colon.Success)
        {
            Prove("(" + comment + ")", colon.Groups["version"].Value, colon.Groups["cipher"].Value, colon.Groups["bits"].Value);
            if (colon.Groups["verified"].Success)
            {
                PeerVerified = colon.Groups["verified"].Value.Equals("YES", StringComparison.OrdinalIgnoreCase);
            }

            return;
        }

        if (tlsOrSsl && TlsVersionText.IsVersionText(comment))
        {
            Prove("(" + comment + ")", comment);
            return;
        }

        if (comment is "TLS" or "Google Transport Security")
        {
            Prove("(" + comment + ")");
            return;
        }

        var qmail = comment.EndsWith(" encrypted", StringComparison.Ordinal) ? Encrypted.Match(comment) : Match.Empty;
        if (qmail.Success)
        {
            Prove("(" + comment + ")", cipher: qmail.Groups["cipher"].Value);
            return;
        }

        if (comment.IndexOf('=') > 0)
        {
            ReadKeyValues(comment);
        }
    }

    private void ReadWith(ReceivedClause with)
    {
        // Mimecast: "with ESMTP with STARTTLS (version=..., cipher=...)".
        if (with.FirstWord is { } word && word.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase))
        {
            Software ??= "Mimecast";
            Prove("with STARTTLS");
        }

        var text = with.Text;
        var qmail = text.IndexOf(" encrypted", StringComparison.Ordinal) > 0 ? Encrypted.Match(text) : Match.Empty;
        if (qmail.Success && qmail.Groups["protocol"].Success)
        {
            Software ??= "qmail";
            QmailProtocol = qmail.Groups["protocol"].Value;
            Prove("with " + text, cipher: qmail.Groups["cipher"].Value);
        }
    }

    private void ReadKeyValues(string text)
    {
        string? version = null, cipher = null, bits = null, verify = null;
        foreach (Match pair in KeyValue.Matches(text))
        {
            var value = pair.Groups["value"].Value;
            switch (pair.Groups["key"].Value.ToLowerInvariant())
            {
                case "version":
                    version ??= value;
                    break;
                case "cipher":
                    cipher ??= value;
                    break;
                case "bits":
                    bits ??= value.Split('/')[0];
                    break;
                case "verify":
                    verify ??= value;
                    break;
            }
        }

        // version= alone is not TLS (MIME-Version, software versions); a TLS version or a cipher is.
        var isTls = cipher is not null || (version is not null && (TlsVersionText.IsVersionText(version) || version.StartsWith("TLS", StringComparison.OrdinalIgnoreCase)));
        if (!isTls)
        {
            return;
        }

        Prove("(" + text + ")", version, cipher, bits);
        if (verify is not null)
        {
            // Sendmail's ${verify}: OK and TRUSTED verified; NO, FAIL and the like did not; NOT means not asked, NONE no TLS.
            PeerVerified = verify.ToUpperInvariant() switch
            {
                "OK" or "TRUSTED" or "YES" => true,
                "NOT" or "NONE" => PeerVerified,
                _ => false,
            };
        }
    }

    private void Prove(string marker, string? version = null, string? cipher = null, string? bits = null)
    {
        Marker ??= marker;
        Protocol ??= TlsVersionText.Parse(version?.Replace("_", "."));
        if (!string.IsNullOrEmpty(cipher) && !cipher!.Equals("OTHER", StringComparison.OrdinalIgnoreCase))
        {
            Cipher ??= cipher;
        }

        if (Bits is null && int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            Bits = count;
        }
    }
}
