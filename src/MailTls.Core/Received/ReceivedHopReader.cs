using System;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using MailTls.Dns;
using MimeKit.Utils;

namespace MailTls.Received;

/// <summary>
/// Turns one Received header value into a hop: who handed the message to whom, when, and what the
/// header proves about TLS. It never guesses: a hop is False only when software that always marks
/// TLS sessions wrote the header without a mark; everything else without a mark is Unknown.
/// </summary>
public static class ReceivedHopReader
{
    private static readonly Regex SendmailVersion = new(@"^\d+\.\d+\.\d+(?:\.\d+)?/[^\s]+$", RegexOptions.CultureInvariant);
    private static readonly Regex ExchangeVersionId = new(@"^\d+\.\d+\.\d+\.\d+$", RegexOptions.CultureInvariant);
    private static readonly Regex Bracketed = new(@"\[(?:IPv6:)?(?<address>[0-9A-Fa-f:.]+)\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    // RFC 3848 and RFC 6531 words whose S says TLS; Exim's ssmtp/essmtp(a) for TLS on connect; SMTPS from Exim and Gmail.
    private static readonly string[] TlsWords =
    {
        "ESMTPS", "ESMTPSA", "SMTPS", "LMTPS", "LMTPSA", "UTF8SMTPS", "UTF8SMTPSA", "UTF8LMTPS", "UTF8LMTPSA", "SSMTP", "ESSMTP", "ESSMTPA", "HTTPS",
    };

    private static readonly string[] PlainWords = { "SMTP", "ESMTP", "ESMTPA", "UTF8SMTP", "UTF8SMTPA", "LMTP", "LMTPA", "UTF8LMTP", "UTF8LMTPA" };

    /// <summary>Reads one header value (unfolded or not). Hop, DelaySeconds, MessageId and SourceFile are left for the caller.</summary>
    public static ReceivedHop Read(string value)
    {
        var raw = Unfold(value ?? string.Empty);
        var stamp = ReceivedStamp.Parse(raw);
        var tls = TlsDetails.Read(stamp);
        var from = stamp.Clause("from");
        var by = stamp.Clause("by");
        var with = stamp.Clause("with");
        var hop = new ReceivedHop
        {
            Raw = raw,
            From = from?.FirstWord,
            FromAddress = AddressOf(from),
            By = by?.FirstWord,
            With = tls.QmailProtocol ?? (with is { Words.Count: > 0 } ? with.Text : null),
            TlsProtocol = tls.Protocol,
            CipherSuite = tls.Cipher,
            CipherBits = tls.Bits,
            PeerVerified = tls.PeerVerified,
            Timestamp = ParseDate(stamp.DateText),
        };

        hop.Software = SoftwareOf(stamp, by, hop.With, tls);
        var word = ProtocolWord(hop.With);
        hop.IsLocal = IsLocal(stamp, from, hop.With, hop.FromAddress);
        (hop.Encrypted, hop.Evidence) = Decide(hop, tls, word);
        return hop;
    }

    private static (HopEncryption, string) Decide(ReceivedHop hop, TlsDetails tls, string? word)
    {
        if (tls.Marker is not null)
        {
            return (HopEncryption.True, "TLS stated: " + tls.Marker);
        }

        if (word is not null && TlsWords.Contains(word))
        {
            return (HopEncryption.True, $"with {hop.With}: the protocol word says TLS (RFC 3848).");
        }

        if (word is null || !PlainWords.Contains(word))
        {
            return (HopEncryption.Unknown, hop.With is null
                ? "No with clause and no TLS details: the header does not say."
                : $"with {hop.With} and no TLS details: the header does not say.");
        }

        return hop.Software switch
        {
            // Postfix (2.5 and later) appends S to ESMTP for every TLS session, but not to SMTP (HELO).
            "Postfix" when word is "ESMTP" or "ESMTPA" or "UTF8SMTP" or "UTF8SMTPA" => (HopEncryption.False, $"with {hop.With}: Postfix writes {word.Replace("ESMTP", "ESMTPS").Replace("UTF8SMTP", "UTF8SMTPS")} for TLS sessions, so this one was clear text."),
            "Exim" or "Sendmail" or "OpenSMTPD" or "Haraka" or "qmail" or "qpsmtpd" or "Exchange" or "Exchange Online"
                => (HopEncryption.False, $"with {hop.With}: {hop.Software} marks every TLS session in this header, and this one has no mark."),
            "Gmail" when word == "ESMTP" => (HopEncryption.False, "with ESMTP: Gmail writes ESMTPS and the TLS version for TLS sessions, so this one was clear text."),
            null => (HopEncryption.Unknown, $"with {hop.With}: software not recognised; without a TLS mark this does not prove clear text."),
            _ => (HopEncryption.Unknown, $"with {hop.With}: {hop.Software} does not always mark TLS here, so this does not prove clear text."),
        };
    }

    private static string? SoftwareOf(ReceivedStamp stamp, ReceivedClause? by, string? with, TlsDetails tls)
    {
        var byComments = by?.Comments ?? new();
        var comments = stamp.AllComments.ToList();
        if (byComments.Any(c => c == "Postfix" || c.StartsWith("Postfix,", StringComparison.Ordinal)) || tls.Software == "Postfix")
        {
            return "Postfix";
        }

        if (comments.Any(c => c.StartsWith("Exim ", StringComparison.Ordinal)))
        {
            return "Exim";
        }

        // Exchange Online's servers are named in Microsoft's domains, whatever the with clause (SMTP, HTTPS, mapi).
        var host = by?.FirstWord ?? string.Empty;
        if (host.EndsWith(".outlook.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".office365.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".exchangelabs.com", StringComparison.OrdinalIgnoreCase))
        {
            return "Exchange Online";
        }

        if (with is not null && with.StartsWith("Microsoft SMTP Server", StringComparison.OrdinalIgnoreCase)
            || string.Equals(with, "mapi", StringComparison.OrdinalIgnoreCase))
        {
            return "Exchange";
        }

        if (byComments.Contains("OpenSMTPD"))
        {
            return "OpenSMTPD";
        }

        if (byComments.Any(c => c.StartsWith("Haraka", StringComparison.Ordinal)))
        {
            return "Haraka";
        }

        if (comments.Any(c => c.StartsWith("qpsmtpd/", StringComparison.Ordinal)))
        {
            return "qpsmtpd";
        }

        if (byComments.Any(c => SendmailVersion.IsMatch(c)))
        {
            return "Sendmail";
        }

        if (by?.FirstWord is { } byHost && (byHost.EndsWith(".google.com", StringComparison.OrdinalIgnoreCase) || byHost.Equals("google.com", StringComparison.OrdinalIgnoreCase)))
        {
            return "Gmail";
        }

        if (stamp.Clause("from")?.Comments.Any(c => c.StartsWith("HELO ", StringComparison.Ordinal)) == true
            || stamp.Clauses[0].Comments.Any(c => c.StartsWith("qmail ", StringComparison.Ordinal)))
        {
            return "qmail";
        }

        if (tls.Software is not null)
        {
            return tls.Software;
        }

        return by?.FirstWord?.EndsWith(".mimecast.com", StringComparison.OrdinalIgnoreCase) == true ? "Mimecast" : null;
    }

    // A hop that never crossed a network: from loopback, or a local submission written without a from clause.
    private static bool IsLocal(ReceivedStamp stamp, ReceivedClause? from, string? with, string? address)
    {
        if (address is not null && IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip))
        {
            return true;
        }

        // Exim: "with local" (command line), "with local-esmtp" (SMTP over a pipe).
        if (with is not null && with.StartsWith("local", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (from is not null)
        {
            return false;
        }

        var comments = stamp.AllComments.ToList();
        return comments.Any(c => c.StartsWith("Postfix, from userid", StringComparison.Ordinal)
            || (c.StartsWith("qmail ", StringComparison.Ordinal) && c.Contains(" invoked "))
            || c.EndsWith("/Submit", StringComparison.Ordinal)
            || c.EndsWith("@localhost", StringComparison.Ordinal));
    }

    // Exim writes its protocol words in lower case (esmtps, local-esmtp); compare in upper case.
    private static string? ProtocolWord(string? with)
    {
        if (with is null || with.IndexOf(' ') >= 0)
        {
            return with?.StartsWith("Microsoft SMTP Server", StringComparison.OrdinalIgnoreCase) == true ? "ESMTP" : null;
        }

        var word = with.ToUpperInvariant();
        return word.StartsWith("LOCAL-", StringComparison.Ordinal) ? word.Substring(6) : word;
    }

    private static string? AddressOf(ReceivedClause? from)
    {
        if (from is null)
        {
            return null;
        }

        foreach (var text in from.Words.Concat(from.Comments))
        {
            foreach (Match match in Bracketed.Matches(text))
            {
                if (AddressText.TryParse(match.Groups["address"].Value, out var address))
                {
                    return address.ToString();
                }
            }
        }

        // Exchange writes "(10.0.0.1)", OpenSMTPD "(rdns 2001:db8::1)": a bare address inside the comment.
        foreach (var comment in from.Comments)
        {
            foreach (var part in comment.Split(' ', ',', ')', '('))
            {
                if (AddressText.TryParse(part.Trim(), out var address))
                {
                    return address.ToString();
                }
            }
        }

        return null;
    }

    private static DateTimeOffset? ParseDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // A comment after the date, such as Sendmail's "(envelope-from ...)", is not part of it.
        if (DateUtils.TryParse(text, out var value))
        {
            return value.ToUniversalTime();
        }

        var comment = text.IndexOf('(');
        return comment > 0 && DateUtils.TryParse(text.Substring(0, comment).TrimEnd(), out value) ? value.ToUniversalTime() : null;
    }

    private static string Unfold(string value)
    {
        if (value.IndexOf('\n') < 0 && value.IndexOf('\r') < 0)
        {
            return value.Trim();
        }

        return Regex.Replace(value, @"\r?\n(?=[ \t])", string.Empty).Replace("\r", string.Empty).Replace("\n", " ").Trim();
    }
}
