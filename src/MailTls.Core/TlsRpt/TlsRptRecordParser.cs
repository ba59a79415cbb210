using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.MtaSts;

namespace MailTls.TlsRpt;

/// <summary>
/// Reads and writes the _smtp._tls.&lt;domain&gt; TXT record of RFC 8460 §3. Its field syntax is the
/// one RFC 8461 defines for MTA-STS, so both are read by the same shared grammar code.
/// </summary>
public static class TlsRptRecordParser
{
    /// <summary>The first field every TLS-RPT record must start with (case-sensitive).</summary>
    public const string VersionField = "v=TLSRPTv1";

    internal const string Rule = "RFC 8460 §3";

    private const string RuaName = "rua";

    /// <summary>
    /// Parses the TXT records found at _smtp._tls.&lt;domain&gt;; each element is one record with its
    /// character-strings already concatenated. Never throws: a bad record is a result with errors.
    /// </summary>
    public static TlsRptRecordParseResult Parse(IReadOnlyList<string?>? txtRecords)
    {
        // Reporters discard every record that does not begin with v=TLSRPTv1 (RFC 8460 §3).
        var (records, misplaced) = TxtRecordGrammar.SelectVersionRecords(txtRecords, VersionField);
        if (records.Count == 0)
        {
            return TlsRptRecordParseResult.Invalid(false, string.Empty, misplaced
                .Select(t => $"{Rule}: reporters ignore the TXT record {TxtRecordGrammar.Quote(t)} because it does not begin with '{VersionField}' exactly (first field, no leading space, case-sensitive)."));
        }

        if (records.Count > 1)
        {
            return TlsRptRecordParseResult.Invalid(true, string.Join(" | ", records), new[]
            {
                $"{Rule}: there are {records.Count} records that begin with '{VersionField}'; reporters then assume the domain does not implement TLS-RPT, so publish exactly one.",
            });
        }

        return ParseOne(records[0]);
    }

    /// <summary>
    /// The record to publish: <c>v=TLSRPTv1; rua=&lt;uri&gt;,&lt;uri&gt;</c>. A bare "user@domain"
    /// becomes "mailto:user@domain" (with ',', ';' and '!' percent-encoded).
    /// </summary>
    /// <exception cref="ArgumentException">No entry, or an entry that is not a valid mailto: or https: URI; the message says which.</exception>
    public static string Format(IEnumerable<string> rua)
    {
        if (rua is null)
        {
            throw new ArgumentNullException(nameof(rua));
        }

        var uris = new List<string>();
        foreach (var entry in rua)
        {
            var uri = ReportUri.FromAddressOrUri(entry?.Trim() ?? string.Empty);
            if (uri.Length == 0)
            {
                throw new ArgumentException($"{Rule}: a rua entry is empty; give a mailto: or https: URI, or an e-mail address.", nameof(rua));
            }

            if (!ReportUri.TryValidate(uri, out var error))
            {
                throw new ArgumentException(error, nameof(rua));
            }

            uris.Add(uri);
        }

        if (uris.Count == 0)
        {
            throw new ArgumentException($"{Rule}: the rua field needs at least one mailto: or https: URI.", nameof(rua));
        }

        return VersionField + "; " + RuaName + "=" + string.Join(",", uris);
    }

    private static TlsRptRecordParseResult ParseOne(string record)
    {
        var errors = new List<string>();
        var fields = TxtRecordGrammar.SplitFields(record, VersionField, Rule, errors);
        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        var rua = new List<string>();
        var ruaSeen = false;
        foreach (var field in fields)
        {
            switch (field.Name)
            {
                case RuaName:
                    if (ruaSeen)
                    {
                        // A second rua would be read as an extension by the grammar; which list a
                        // reporter uses is undefined, so the admin should merge them into one.
                        errors.Add($"{Rule}: the record has more than one rua field; list every URI in one rua, separated by ','.");
                    }
                    else
                    {
                        ReadRua(field.Value, rua, errors);
                    }

                    ruaSeen = true;
                    break;
                case "v":
                    errors.Add($"{Rule}: '{field}' repeats the version; '{VersionField}' must be the first field and appear once.");
                    break;
                default:
                    // The first of two same-named extensions wins; reporters ignore extensions anyway.
                    if (TxtRecordGrammar.CheckExtension(field, Rule, errors) && !extensions.ContainsKey(field.Name))
                    {
                        extensions.Add(field.Name, field.Value);
                    }

                    break;
            }
        }

        if (!ruaSeen)
        {
            errors.Add($"{Rule}: the record has no rua field, so reporters have nowhere to send reports; add one such as 'rua=mailto:tlsrpt@example.com'.");
        }

        return new TlsRptRecordParseResult(true, record, "TLSRPTv1", rua, extensions, errors);
    }

    // tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
    private static void ReadRua(string value, List<string> rua, List<string> errors)
    {
        if (value.Length == 0)
        {
            errors.Add($"{Rule}: the rua field is empty; list at least one mailto: or https: URI.");
            return;
        }

        var reportedEmpty = false;
        foreach (var part in value.Split(','))
        {
            var uri = TxtRecordGrammar.TrimWsp(part);
            if (uri.Length == 0)
            {
                if (!reportedEmpty)
                {
                    errors.Add($"{Rule}: the rua list {TxtRecordGrammar.Quote(value)} has an empty entry; separate URIs with a single ','.");
                    reportedEmpty = true;
                }

                continue;
            }

            if (ReportUri.TryValidate(uri, out var error))
            {
                rua.Add(uri);
            }
            else
            {
                errors.Add(error);
            }
        }
    }
}
