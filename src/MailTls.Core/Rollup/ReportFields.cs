using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MailTls;

/// <summary>
/// The text forms a roll-up row's columns take after Export-Csv or ConvertTo-Json, read back strictly:
/// enumerations by name (or by their number, as older JSON wrote them), True/False, whole numbers, and
/// lists joined with "; ". Empty means not known.
/// </summary>
internal static class ReportFields
{
    private static readonly char[] ListSeparators = { ';', ',', ' ', '\t' };

    public static bool TryEnum<T>(string text, out T? value, out string error)
        where T : struct, Enum
    {
        value = null;
        error = string.Empty;
        if (text.Length == 0)
        {
            return true;
        }

        // Enum.TryParse would also take "None, Encrypt" and OR the two into a third member.
        if (text.IndexOf(',') < 0 && Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(typeof(T), parsed))
        {
            value = parsed;
            return true;
        }

        error = $"'{text}' is not one of {string.Join(", ", Enum.GetNames(typeof(T)))}";
        return false;
    }

    public static bool TryBoolean(string text, out bool? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (text.Length == 0)
        {
            return true;
        }

        if (bool.TryParse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"'{text}' is not True or False";
        return false;
    }

    public static bool TryInteger(string text, out int? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"'{text}' is not a whole number";
        return false;
    }

    /// <summary>Host names from "a; b", normalized; false with the first bad name.</summary>
    public static bool TryHosts(string text, out TextList hosts, out string error)
    {
        var names = new List<string>();
        foreach (var item in Split(text))
        {
            if (!Dns.DomainName.TryNormalize(item, out var name, out error))
            {
                hosts = TextList.None;
                return false;
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        hosts = new TextList(names);
        error = string.Empty;
        return true;
    }

    /// <summary>The MX hosts of a live report, which the resolver already gave in normal form.</summary>
    public static IEnumerable<string> Hosts(string text) => Split(text).Select(h => h.TrimEnd('.').ToLowerInvariant()).Distinct();

    public static TextList Codes(string text) => new(Split(text));

    private static IEnumerable<string> Split(string text) =>
        text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0);
}
