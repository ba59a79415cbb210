using System;
using System.Globalization;
using System.Linq;

namespace MailTls.Dns;

/// <summary>
/// Turns what an admin typed or piped in into the A-label form DNS needs, or says why it cannot.
/// </summary>
public static class DomainName
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Normalizes <paramref name="input"/> to a lower-case A-label name without the trailing dot.</summary>
    /// <returns>false with a sentence in <paramref name="error"/> when the input is not a usable domain name.</returns>
    public static bool TryNormalize(string? input, out string normalized, out string error)
    {
        normalized = string.Empty;
        error = string.Empty;
        var text = input?.Trim() ?? string.Empty;

        if (text.Length == 0)
        {
            error = "The domain name is empty.";
            return false;
        }

        if (text.IndexOf('@') >= 0)
        {
            var domainPart = text.Substring(text.LastIndexOf('@') + 1);
            error = $"'{text}' looks like an e-mail address; pass its domain ('{domainPart}') instead.";
            return false;
        }

        if (text.IndexOf("://", StringComparison.Ordinal) >= 0 || text.IndexOf('/') >= 0)
        {
            error = $"'{text}' looks like a URL; pass only the domain name (for example 'contoso.com').";
            return false;
        }

        if (text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal))
        {
            var literal = text.Substring(1, text.Length - 2);
            literal = literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? literal.Substring(5) : literal;
            error = $"'{text}' is an address literal, not a domain name; to probe a server by its address, use -ComputerName {literal}.";
            return false;
        }

        if (AddressText.TryParse(text, out _))
        {
            error = $"'{text}' is an IP address, not a domain name; to probe a server by its address, use -ComputerName {text}.";
            return false;
        }

        if (HasPort(text, out var host, out var port))
        {
            error = $"'{text}' has a port; a mail domain has none. Pass '{host}' alone, and for a server on another port use -ComputerName {host} -Port {port}.";
            return false;
        }

        if (text.StartsWith("*.", StringComparison.Ordinal))
        {
            error = $"'{text}' is a wildcard; mail is routed per domain, so pass a concrete domain such as '{text.Substring(2)}'.";
            return false;
        }

        // One trailing dot is the fully qualified form; accept it, as DNS tools do.
        if (text.EndsWith(".", StringComparison.Ordinal))
        {
            text = text.Substring(0, text.Length - 1);
        }

        var labels = text.Split('.');
        if (labels.Any(l => l.Length == 0))
        {
            error = $"'{input?.Trim()}' has an empty label (a leading dot, or two dots in a row).";
            return false;
        }

        var asciiLabels = new string[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!TryToAsciiLabel(labels[i], text, out asciiLabels[i], out error))
            {
                return false;
            }
        }

        var ascii = string.Join(".", asciiLabels);
        if (ascii.Length > MaxNameLength)
        {
            error = $"'{Shorten(text)}' is {ascii.Length} characters long in DNS form; a domain name may have at most {MaxNameLength}.";
            return false;
        }

        normalized = ascii;
        return true;
    }

    /// <summary>Like <see cref="TryNormalize"/> but for callers that already validated the name.</summary>
    /// <exception cref="ArgumentException">The name is not a usable domain name.</exception>
    public static string Normalize(string input)
    {
        if (!TryNormalize(input, out var normalized, out var error))
        {
            throw new ArgumentException(error, nameof(input));
        }

        return normalized;
    }

    // Label by label, so the error can name the label that is wrong.
    private static bool TryToAsciiLabel(string label, string name, out string ascii, out string error)
    {
        ascii = label.ToLowerInvariant();
        error = string.Empty;
        if (label.Any(c => c > 0x7F))
        {
            try
            {
                ascii = Idn.GetAscii(label).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                error = $"The label '{label}' of '{name}' is not a valid internationalized label (IDNA).";
                return false;
            }
        }

        if (ascii.Length > MaxLabelLength)
        {
            error = $"The label '{Shorten(label)}' of '{Shorten(name)}' is {ascii.Length} characters long in DNS form; a label may have at most {MaxLabelLength}.";
            return false;
        }

        if (!IsLetterDigitHyphen(ascii))
        {
            error = $"The label '{label}' of '{name}' is not valid in a host name: use letters, digits and inner hyphens only.";
            return false;
        }

        if (ascii.StartsWith("xn--", StringComparison.Ordinal) && !IsValidALabel(ascii))
        {
            error = $"The label '{label}' of '{name}' starts with xn-- but is not valid punycode, so it names no internationalized domain; check the spelling, or pass the name in its Unicode form.";
            return false;
        }

        return true;
    }

    // An A-label must decode to a valid U-label and encode back to itself (RFC 5891 §5.4).
    private static bool IsValidALabel(string label)
    {
        try
        {
            return Idn.GetAscii(Idn.GetUnicode(label)).Equals(label, StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // "host:25" — one colon, digits after it (two or more colons would be IPv6, handled above).
    private static bool HasPort(string text, out string host, out string port)
    {
        var colon = text.IndexOf(':');
        host = colon > 0 ? text.Substring(0, colon) : text;
        port = colon > 0 ? text.Substring(colon + 1) : string.Empty;
        return colon > 0 && colon == text.LastIndexOf(':') && port.Length is > 0 and <= 5 && port.All(c => c is >= '0' and <= '9');
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

    private static bool IsLetterDigitHyphen(string label)
    {
        if (label.Length == 0 || label[0] == '-' || label[label.Length - 1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            var ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
