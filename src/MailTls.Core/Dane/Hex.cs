using System;
using System.Text;

namespace MailTls.Dane;

/// <summary>Upper-case hex both ways (netstandard2.0 has no Convert.ToHexString).</summary>
internal static class Hex
{
    private const string Digits = "0123456789ABCDEF";

    internal static string Upper(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            builder.Append(Digits[b >> 4]).Append(Digits[b & 0xF]);
        }

        return builder.ToString();
    }

    internal static bool IsDigit(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    /// <summary>Parses an even-length string of hex digits; the caller has checked both.</summary>
    internal static byte[] Parse(string hex)
    {
        if (hex.Length % 2 != 0)
        {
            throw new ArgumentException("Hex text must have an even number of digits.", nameof(hex));
        }

        var bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((Value(hex[2 * i]) << 4) | Value(hex[(2 * i) + 1]));
        }

        return bytes;
    }

    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw new ArgumentException($"'{c}' is not a hex digit."),
    };
}
