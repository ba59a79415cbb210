using System;
using System.Collections.Generic;
using System.Globalization;

namespace MailTls.MtaSts;

/// <summary>
/// The field syntax RFC 8461 §3.1 defines for the _mta-sts record and RFC 8460 §3 copies for the
/// _smtp._tls record: a version field first, then <c>name=value</c> fields joined by
/// <c>*WSP ";" *WSP</c>, an optional trailing ';', and extension fields with a fixed name and value
/// grammar. Kept in one place so both records are read by exactly the same rules.
/// </summary>
internal static class TxtRecordGrammar
{
    private const int MaxExtensionNameLength = 32;
    private const int MaxQuotedLength = 60;

    /// <summary>
    /// Sorts the TXT records at a name (each one's strings already joined) into those that begin with
    /// the version field, which are the only ones senders read, and the near misses senders would
    /// silently ignore (see <see cref="LooksLikeMisplacedVersion"/>). Null entries are skipped.
    /// </summary>
    public static (List<string> Records, List<string> Misplaced) SelectVersionRecords(IReadOnlyList<string?>? txtRecords, string versionField)
    {
        var records = new List<string>();
        var misplaced = new List<string>();
        foreach (var text in txtRecords ?? Array.Empty<string?>())
        {
            if (text is null)
            {
                continue;
            }

            if (StartsWithVersion(text, versionField))
            {
                records.Add(text);
            }
            else if (LooksLikeMisplacedVersion(text, versionField))
            {
                misplaced.Add(text);
            }
        }

        return (records, misplaced);
    }

    /// <summary>
    /// True when the record is one senders consider at all: it begins with the version field,
    /// followed by the end, a ';' or WSP (the field delimiter may start with WSP).
    /// </summary>
    public static bool StartsWithVersion(string text, string versionField)
    {
        if (!text.StartsWith(versionField, StringComparison.Ordinal))
        {
            return false;
        }

        return text.Length == versionField.Length || text[versionField.Length] == ';' || IsWsp(text[versionField.Length]);
    }

    /// <summary>
    /// True for a record that was meant to be one of ours but that senders discard: the version field
    /// is there but not first, not at the very start, or in the wrong case. Worth telling the admin,
    /// because such a record silently turns the feature off.
    /// </summary>
    public static bool LooksLikeMisplacedVersion(string text, string versionField)
    {
        if (text.TrimStart().StartsWith(versionField, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var part in text.Split(';'))
        {
            if (string.Equals(TrimWsp(part), versionField, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Splits a record that <see cref="StartsWithVersion"/> accepted into the fields after the version.
    /// Problems with the layout (a first field that is not exactly the version, empty fields, a field
    /// without '=') go to <paramref name="errors"/>; the well-formed fields are still returned.
    /// </summary>
    public static List<RecordField> SplitFields(string record, string versionField, string rule, List<string> errors)
    {
        var parts = record.Split(';');
        var fields = new List<RecordField>();
        var reportedEmpty = false;
        for (var i = 0; i < parts.Length; i++)
        {
            // WSP around ';' belongs to the delimiter. Trimming both ends also tolerates WSP at the very end of
            // the record, which the grammar leaves out but DNS consoles add invisibly and resolvers trim.
            var part = TrimWsp(parts[i]);
            if (i == 0)
            {
                if (part != versionField)
                {
                    errors.Add($"{rule}: the record must begin with the field '{versionField}' followed by ';'; it begins with {Quote(part)}, and fields are separated by ';'.");
                }

                continue;
            }

            if (part.Length == 0)
            {
                // One ';' after the last field is allowed; an empty field anywhere else is not.
                if (i != parts.Length - 1 && !reportedEmpty)
                {
                    errors.Add($"{rule}: {Quote(record)} has an empty field; separate fields with a single ';'.");
                    reportedEmpty = true;
                }

                continue;
            }

            var equals = part.IndexOf('=');
            if (equals < 0)
            {
                errors.Add($"{rule}: {Quote(part)} is not a field of the form name=value.");
                continue;
            }

            fields.Add(new RecordField(part.Substring(0, equals), part.Substring(equals + 1)));
        }

        return fields;
    }

    /// <summary>
    /// Checks an unknown field against the extension grammar: name = (ALPHA / DIGIT) *31(ALPHA / DIGIT /
    /// "_" / "-" / "."), value = 1*(%x21-3A / %x3C / %x3E-7E). Unknown fields are allowed, malformed ones are not.
    /// </summary>
    public static bool CheckExtension(RecordField field, string rule, List<string> errors)
    {
        if (!IsExtensionName(field.Name))
        {
            errors.Add($"{rule}: the field name {Quote(field.Name)} must be a letter or digit followed by at most 31 letters, digits, '_', '-' or '.'.");
            return false;
        }

        if (field.Value.Length == 0)
        {
            errors.Add($"{rule}: the field '{field.Name}' has an empty value; a value must be one or more printable characters other than '=', ';' and space.");
            return false;
        }

        foreach (var c in field.Value)
        {
            if (!IsExtensionValueChar(c))
            {
                errors.Add($"{rule}: the value of the field '{field.Name}' must be printable characters other than '=', ';' and space; {Quote(field.Value)} contains {Describe(c)}.");
                return false;
            }
        }

        return true;
    }

    public static bool IsExtensionName(string name)
    {
        if (name.Length == 0 || name.Length > MaxExtensionNameLength || !IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsAsciiLetterOrDigit(c) && c != '_' && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    /// <summary>WSP of RFC 5234: space and horizontal tab only.</summary>
    public static bool IsWsp(char c) => c == ' ' || c == '\t';

    public static string TrimWsp(string text) => text.Trim(' ', '\t');

    public static string TrimStartWsp(string text) => text.TrimStart(' ', '\t');

    public static string TrimEndWsp(string text) => text.TrimEnd(' ', '\t');

    /// <summary>Quotes a value for an error sentence, shortened so a huge record cannot flood the message.</summary>
    public static string Quote(string text) =>
        "'" + (text.Length <= MaxQuotedLength ? text : text.Substring(0, MaxQuotedLength - 3) + "...") + "'";

    /// <summary>Names a character so that invisible ones (space, tab, controls) are readable in a sentence.</summary>
    public static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        _ when c < 0x20 || c == 0x7F || char.IsWhiteSpace(c) || char.IsSurrogate(c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
        _ => "'" + c + "'",
    };

    private static bool IsExtensionValueChar(char c) => c is (>= '\x21' and <= '\x3A') or '\x3C' or (>= '\x3E' and <= '\x7E');
}
