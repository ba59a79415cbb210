using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MailTls.MtaSts;

/// <summary>
/// Reads and writes the policy file served at https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt
/// (RFC 8461 §3.2). Pure text in, result out: fetching (HTTPS, size cap, certificate) lives elsewhere.
/// </summary>
public static class MtaStsPolicyParser
{
    /// <summary>The largest max_age RFC 8461 §3.2 allows: 31557600 seconds, about one year.</summary>
    public const long MaxAgeLimitSeconds = 31557600;

    /// <summary>The only version RFC 8461 defines.</summary>
    public const string Version = "STSv1";

    internal const string Rule = "RFC 8461 §3.2";

    private const string VersionKey = "version";
    private const string ModeKey = "mode";
    private const string MaxAgeKey = "max_age";
    private const string MxKey = "mx";
    private const string ModeNone = "none";

    private static readonly string[] Modes = { "enforce", "testing", ModeNone };
    private static readonly string[] KnownKeys = { VersionKey, ModeKey, MaxAgeKey, MxKey };

    /// <summary>Parses a policy file. Never throws: a bad policy is a result with errors.</summary>
    /// <remarks>
    /// Where RFC 8461 is silent or strict beyond what senders do: a repeated version, mode or max_age
    /// line is not an error and the first one wins (as in most sender implementations, which read the
    /// lines into a map); blank lines are skipped; a line that is not "key: value" is an error; a
    /// well-formed unknown key is ignored, as the RFC requires.
    /// </remarks>
    public static MtaStsPolicyParseResult Parse(string? text)
    {
        var errors = new List<string>();
        string? version = null, mode = null;
        long? maxAge = null;
        bool versionSeen = false, modeSeen = false, maxAgeSeen = false, mxSeen = false;
        var mx = new List<string>();
        var miscased = new List<string>();

        // Lines end with LF or CRLF; the last one may have no line end at all.
        var lines = (text ?? string.Empty).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.EndsWith("\r", StringComparison.Ordinal))
            {
                line = line.Substring(0, line.Length - 1);
            }

            // The grammar allows WSP after each field; tolerate it and skip lines that hold nothing else.
            line = TxtRecordGrammar.TrimEndWsp(line);
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                errors.Add($"{Rule}: line {i + 1}, {TxtRecordGrammar.Quote(line)}, is not a 'key: value' field.");
                continue;
            }

            var key = line.Substring(0, colon);
            var value = TxtRecordGrammar.TrimStartWsp(line.Substring(colon + 1));
            switch (key)
            {
                case VersionKey:
                    if (!versionSeen)
                    {
                        versionSeen = true;
                        version = ReadVersion(value, errors);
                    }

                    break;
                case ModeKey:
                    if (!modeSeen)
                    {
                        modeSeen = true;
                        mode = ReadMode(value, errors);
                    }

                    break;
                case MaxAgeKey:
                    if (!maxAgeSeen)
                    {
                        maxAgeSeen = true;
                        maxAge = ReadMaxAge(value, errors);
                    }

                    break;
                case MxKey:
                    mxSeen = true;
                    if (MxPatternMatcher.TryNormalize(value, out var pattern, out var patternError))
                    {
                        mx.Add(pattern);
                    }
                    else
                    {
                        errors.Add(patternError);
                    }

                    break;
                default:
                    if (!TxtRecordGrammar.IsExtensionName(key))
                    {
                        errors.Add($"{Rule}: line {i + 1} has the key {TxtRecordGrammar.Quote(key)}; a key must be a letter or digit followed by at most 31 letters, digits, '_', '-' or '.', with ':' right after it.");
                    }
                    else if (KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                    {
                        miscased.Add(key);
                    }

                    break;
            }
        }

        if (!versionSeen)
        {
            errors.Add($"{Rule}: the policy has no '{VersionKey}: {Version}' line{CaseHint(VersionKey, miscased)}.");
        }

        if (!modeSeen)
        {
            errors.Add($"{Rule}: the policy has no '{ModeKey}' line; add 'mode: enforce', 'mode: testing' or 'mode: none'{CaseHint(ModeKey, miscased)}.");
        }

        if (!maxAgeSeen)
        {
            errors.Add($"{Rule}: the policy has no '{MaxAgeKey}' line; add one such as 'max_age: 604800' (seconds){CaseHint(MaxAgeKey, miscased)}.");
        }

        if (!mxSeen && mode is not null && mode != ModeNone)
        {
            errors.Add($"{Rule}: mode '{mode}' needs at least one 'mx' line naming the MX hosts; only mode 'none' may leave it out{CaseHint(MxKey, miscased)}.");
        }

        return new MtaStsPolicyParseResult(version ?? string.Empty, mode ?? string.Empty, mx, maxAge, errors);
    }

    /// <summary>
    /// The policy text to publish, CRLF line ends, fields in the order of the RFC's example
    /// (version, mode, mx..., max_age). <paramref name="mode"/> is taken in any case and written
    /// in lower case, since PowerShell users type -Mode Enforce; mx patterns are written lower
    /// case without a trailing dot.
    /// </summary>
    /// <exception cref="ArgumentException">An input breaks a rule of RFC 8461 §3.2; the message names it.</exception>
    public static string Format(string mode, IEnumerable<string> mx, long maxAgeSeconds)
    {
        if (mode is null)
        {
            throw new ArgumentNullException(nameof(mode));
        }

        if (mx is null)
        {
            throw new ArgumentNullException(nameof(mx));
        }

        var normalizedMode = mode.ToLowerInvariant();
        if (!Modes.Contains(normalizedMode))
        {
            throw new ArgumentException(ModeRequirement(mode), nameof(mode));
        }

        if (maxAgeSeconds < 0 || maxAgeSeconds > MaxAgeLimitSeconds)
        {
            throw new ArgumentException(MaxAgeRequirement($"{maxAgeSeconds.ToString(CultureInfo.InvariantCulture)} is out of range"), nameof(maxAgeSeconds));
        }

        var patterns = new List<string>();
        foreach (var item in mx)
        {
            if (!MxPatternMatcher.TryNormalize(item, out var pattern, out var error))
            {
                throw new ArgumentException(error, nameof(mx));
            }

            patterns.Add(pattern);
        }

        if (patterns.Count == 0 && normalizedMode != ModeNone)
        {
            throw new ArgumentException($"{Rule}: mode '{normalizedMode}' needs at least one mx pattern; only mode 'none' may leave it out.", nameof(mx));
        }

        var text = new StringBuilder();
        text.Append(VersionKey).Append(": ").Append(Version).Append("\r\n");
        text.Append(ModeKey).Append(": ").Append(normalizedMode).Append("\r\n");
        foreach (var pattern in patterns)
        {
            text.Append(MxKey).Append(": ").Append(pattern).Append("\r\n");
        }

        text.Append(MaxAgeKey).Append(": ").Append(maxAgeSeconds.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        return text.ToString();
    }

    private static string? ReadVersion(string value, List<string> errors)
    {
        if (value == Version)
        {
            return value;
        }

        errors.Add($"{Rule}: version must be '{Version}'; it is {TxtRecordGrammar.Quote(value)}.");
        return null;
    }

    private static string? ReadMode(string value, List<string> errors)
    {
        if (Modes.Contains(value))
        {
            return value;
        }

        errors.Add(ModeRequirement(value));
        return null;
    }

    private static long? ReadMaxAge(string value, List<string> errors)
    {
        if (value.Length == 0)
        {
            errors.Add(MaxAgeRequirement("it is empty"));
            return null;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                errors.Add(MaxAgeRequirement($"{TxtRecordGrammar.Quote(value)} contains {TxtRecordGrammar.Describe(c)}"));
                return null;
            }
        }

        // The grammar allows up to 10 digits; anything too long for a long is out of range as well.
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > MaxAgeLimitSeconds)
        {
            errors.Add(MaxAgeRequirement($"{TxtRecordGrammar.Quote(value)} is larger than {MaxAgeLimitSeconds} (about one year)"));
            return null;
        }

        return seconds;
    }

    private static string ModeRequirement(string value) =>
        $"{Rule}: mode must be 'enforce', 'testing' or 'none' (lower case); it is {TxtRecordGrammar.Quote(value)}.";

    private static string MaxAgeRequirement(string problem) =>
        $"{Rule}: max_age must be a whole number of seconds from 0 to {MaxAgeLimitSeconds}, in digits only; {problem}.";

    // Keys are case-sensitive; "Mode: enforce" is an unknown key to senders, which is easy to miss.
    private static string CaseHint(string key, List<string> miscased)
    {
        var found = miscased.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        return found is null ? string.Empty : $" ('{found}' does not count: keys are case-sensitive)";
    }
}
