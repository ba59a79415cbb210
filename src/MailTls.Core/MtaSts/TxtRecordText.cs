using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MailTls.MtaSts;

/// <summary>How a TXT value is written into DNS: character-strings of at most 255 bytes each (RFC 1035 §3.3).</summary>
internal static class TxtRecordText
{
    public const int MaxStringBytes = 255;

    /// <summary>The value cut into 255-byte character-strings, in order; one string when it fits.</summary>
    public static IReadOnlyList<string> CharacterStrings(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value ?? string.Empty);
        if (bytes.Length <= MaxStringBytes)
        {
            return new[] { value ?? string.Empty };
        }

        var strings = new List<string>();
        var start = 0;
        while (start < bytes.Length)
        {
            var length = Math.Min(MaxStringBytes, bytes.Length - start);
            // Never cut a UTF-8 sequence in two: back off to the start of the character.
            while (start + length < bytes.Length && (bytes[start + length] & 0xC0) == 0x80)
            {
                length--;
            }

            strings.Add(Encoding.UTF8.GetString(bytes, start, length));
            start += length;
        }

        return strings;
    }

    /// <summary>"owner. IN TXT "first" "second"": quotes and backslashes escaped as zone files need.</summary>
    public static string ZoneLine(string owner, IEnumerable<string> strings) =>
        $"{owner.TrimEnd('.')}. IN TXT " + string.Join(" ", strings.Select(s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""));
}
