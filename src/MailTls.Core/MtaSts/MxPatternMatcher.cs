using System;
using MailTls.Dns;

namespace MailTls.MtaSts;

/// <summary>
/// The mx patterns of an MTA-STS policy (RFC 8461 §3.2, §4.1): a host name, or "*." and a host
/// name, where the wildcard stands for exactly one left-most label.
/// </summary>
public static class MxPatternMatcher
{
    internal const string Rule = "RFC 8461 §3.2";

    private const string Wildcard = "*.";

    /// <summary>True when <paramref name="pattern"/> may appear as an mx value; otherwise a sentence in <paramref name="error"/>.</summary>
    public static bool IsValidPattern(string? pattern, out string error)
    {
        return TryNormalize(pattern, out _, out error);
    }

    /// <summary>
    /// True when a sender that found <paramref name="mxHost"/> in DNS would accept it under
    /// <paramref name="pattern"/>: ASCII case-insensitive, trailing dots ignored, "*.example.com"
    /// covering "mx.example.com" but neither "example.com" nor "a.b.example.com". Never throws;
    /// an invalid pattern or host matches nothing.
    /// </summary>
    public static bool Matches(string? pattern, string? mxHost)
    {
        if (!TryNormalize(pattern, out var normalizedPattern, out _)
            || !DomainName.TryNormalize(mxHost, out var host, out _))
        {
            return false;
        }

        if (!normalizedPattern.StartsWith(Wildcard, StringComparison.Ordinal))
        {
            return host == normalizedPattern;
        }

        // The wildcard takes the first label of the host; everything after it must be the parent exactly.
        var firstDot = host.IndexOf('.');
        return firstDot > 0 && host.Substring(firstDot + 1) == normalizedPattern.Substring(Wildcard.Length);
    }

    /// <summary>The pattern as policies and comparisons use it: lower case, no trailing dot.</summary>
    internal static bool TryNormalize(string? pattern, out string normalized, out string error)
    {
        normalized = string.Empty;
        error = string.Empty;
        if (string.IsNullOrEmpty(pattern))
        {
            error = $"{Rule}: an mx pattern must be a host name such as 'mx1.example.com' or '*.example.com'; it is empty.";
            return false;
        }

        foreach (var c in pattern!)
        {
            if (c <= ' ' || c == '\x7F')
            {
                error = $"{Rule}: the mx pattern {TxtRecordGrammar.Quote(pattern)} contains {TxtRecordGrammar.Describe(c)}; a pattern is a host name without spaces.";
                return false;
            }

            if (c > '\x7F')
            {
                // Senders compare the pattern with MX names as DNS returns them, which are A-labels.
                error = $"{Rule}: the mx pattern {TxtRecordGrammar.Quote(pattern)} must be written in ASCII; write internationalized labels as A-labels ('xn--...').";
                return false;
            }
        }

        var isWildcard = pattern.StartsWith(Wildcard, StringComparison.Ordinal);
        var name = isWildcard ? pattern.Substring(Wildcard.Length) : pattern;
        if (name.IndexOf('*') >= 0)
        {
            error = $"{Rule}: in the mx pattern {TxtRecordGrammar.Quote(pattern)} a wildcard may only be the whole left-most label, as in '*.example.com'.";
            return false;
        }

        if (!DomainName.TryNormalize(name, out var host, out var nameError))
        {
            error = $"{Rule}: the mx pattern {TxtRecordGrammar.Quote(pattern)} is not a host name: {nameError}";
            return false;
        }

        if (isWildcard && host.IndexOf('.') < 0)
        {
            error = $"{Rule}: the mx pattern {TxtRecordGrammar.Quote(pattern)} needs at least two labels after '*.', as in '*.example.com'.";
            return false;
        }

        normalized = isWildcard ? Wildcard + host : host;
        return true;
    }
}
