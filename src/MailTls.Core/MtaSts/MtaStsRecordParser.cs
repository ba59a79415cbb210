using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;

namespace MailTls.MtaSts;

/// <summary>
/// Reads and writes the _mta-sts.&lt;domain&gt; TXT record of RFC 8461 §3.1. Pure text in, result out:
/// the DNS lookup lives elsewhere, so these rules can be tested without a network.
/// </summary>
public static class MtaStsRecordParser
{
    /// <summary>The first field every MTA-STS record must start with (case-sensitive).</summary>
    public const string VersionField = "v=STSv1";

    /// <summary>The longest id RFC 8461 §3.1 allows.</summary>
    public const int MaxIdLength = 32;

    internal const string Rule = "RFC 8461 §3.1";

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const int RandomIdSuffixLength = 6;

    /// <summary>
    /// Parses the TXT records found at _mta-sts.&lt;domain&gt;; each element is one record with its
    /// character-strings already concatenated. Never throws: a bad record is a result with errors.
    /// </summary>
    public static MtaStsRecordParseResult Parse(IReadOnlyList<string?>? txtRecords)
    {
        // Senders discard every record that does not begin with v=STSv1 (RFC 8461 §3.1).
        var (records, misplaced) = TxtRecordGrammar.SelectVersionRecords(txtRecords, VersionField);
        if (records.Count == 0)
        {
            return MtaStsRecordParseResult.Invalid(false, string.Empty, misplaced
                .Select(t => $"{Rule}: senders ignore the TXT record {TxtRecordGrammar.Quote(t)} because it does not begin with '{VersionField}' exactly (first field, no leading space, case-sensitive)."));
        }

        if (records.Count > 1)
        {
            return MtaStsRecordParseResult.Invalid(true, string.Join(" | ", records), new[]
            {
                $"{Rule}: there are {records.Count} records that begin with '{VersionField}'; senders treat several records as no policy, so publish exactly one.",
            });
        }

        return ParseOne(records[0]);
    }

    /// <summary>The record to publish for <paramref name="id"/>: <c>v=STSv1; id=&lt;id&gt;</c>.</summary>
    /// <exception cref="ArgumentException">The id is not 1 to 32 letters and digits.</exception>
    public static string Format(string id)
    {
        if (!IsValidId(id, out var error))
        {
            throw new ArgumentException(error, nameof(id));
        }

        return VersionField + "; id=" + id;
    }

    /// <summary>
    /// A fresh id: the UTC time as yyyyMMddHHmmss, so ids sort by age and an admin can see when the
    /// policy changed, plus random letters and digits, so two changes in one second still differ.
    /// </summary>
    public static string NewId(DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var suffix = new char[RandomIdSuffixLength];
        var buffer = new byte[1];
        using (var random = RandomNumberGenerator.Create())
        {
            for (var i = 0; i < suffix.Length;)
            {
                random.GetBytes(buffer);

                // Skip the bytes above the largest multiple of the alphabet size, so every character is equally likely.
                if (buffer[0] < 256 - (256 % IdAlphabet.Length))
                {
                    suffix[i++] = IdAlphabet[buffer[0] % IdAlphabet.Length];
                }
            }
        }

        return stamp + new string(suffix);
    }

    /// <summary>True when <paramref name="id"/> is 1 to 32 ASCII letters and digits; otherwise a sentence in <paramref name="error"/>.</summary>
    public static bool IsValidId(string? id, out string error)
    {
        const string Requirement = Rule + ": the id must be 1 to 32 letters and digits";
        error = string.Empty;
        if (string.IsNullOrEmpty(id))
        {
            error = Requirement + "; it is empty.";
            return false;
        }

        foreach (var c in id!)
        {
            if (!TxtRecordGrammar.IsAsciiLetterOrDigit(c))
            {
                error = $"{Requirement}; {TxtRecordGrammar.Quote(id)} contains {TxtRecordGrammar.Describe(c)}.";
                return false;
            }
        }

        if (id.Length > MaxIdLength)
        {
            error = $"{Requirement}; {TxtRecordGrammar.Quote(id)} has {id.Length}.";
            return false;
        }

        return true;
    }

    private static MtaStsRecordParseResult ParseOne(string record)
    {
        var errors = new List<string>();
        var fields = TxtRecordGrammar.SplitFields(record, VersionField, Rule, errors);
        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        var id = string.Empty;
        var idSeen = false;
        foreach (var field in fields)
        {
            switch (field.Name)
            {
                case "id":
                    if (idSeen)
                    {
                        // The grammar would read a second id as an extension, but senders compare "the" id
                        // to decide whether to refetch; which one they take is anyone's guess.
                        errors.Add($"{Rule}: the record has more than one id field; keep exactly one.");
                    }
                    else if (IsValidId(field.Value, out var idError))
                    {
                        id = field.Value;
                    }
                    else
                    {
                        errors.Add(idError);
                    }

                    idSeen = true;
                    break;
                case "v":
                    errors.Add($"{Rule}: '{field}' repeats the version; '{VersionField}' must be the first field and appear once.");
                    break;
                default:
                    // The first of two same-named extensions wins; senders ignore extensions anyway.
                    if (TxtRecordGrammar.CheckExtension(field, Rule, errors) && !extensions.ContainsKey(field.Name))
                    {
                        extensions.Add(field.Name, field.Value);
                    }

                    break;
            }
        }

        if (!idSeen)
        {
            errors.Add($"{Rule}: the record has no id field; add one, for example '{VersionField}; id=20240101000000'.");
        }

        return new MtaStsRecordParseResult(true, record, "STSv1", id, extensions, errors);
    }
}
