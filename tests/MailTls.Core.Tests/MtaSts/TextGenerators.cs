using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace MailTls.Tests.MtaSts;

/// <summary>FsCheck generators shared by the MTA-STS and TLS-RPT tests.</summary>
internal static class TextGenerators
{
    private static readonly char[] LowerLettersAndDigits = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();
    private static readonly char[] LettersAndDigits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray();

    /// <summary>Characters that matter to the record and policy grammars, so random text reaches deep code paths.</summary>
    private static readonly char[] GrammarHeavy = "v=STSv1TLSRPTidruamxode_age:;,= \t\r\n.-_*@%2C!?\"<>/é\u0000".ToCharArray();

    public static Gen<string> Id() =>
        from length in Gen.Choose(1, 32)
        from chars in Gen.ArrayOf(Gen.Elements(LettersAndDigits), length)
        select new string(chars);

    public static Gen<string> Label() =>
        from length in Gen.Choose(1, 20)
        from first in Gen.Elements(LowerLettersAndDigits)
        from middle in Gen.ArrayOf(Gen.Elements(LowerLettersAndDigits.Concat(new[] { '-' }).ToArray()), Math.Max(0, length - 2))
        from last in Gen.Elements(LowerLettersAndDigits)
        let label = length == 1 ? first.ToString() : first + new string(middle) + last
        // "ab--" labels are reserved for A-labels (RFC 5891 §4.2.3.1); random ones are not valid names.
        where label.Length < 4 || label.Substring(2, 2) != "--"
        select label;

    /// <summary>Host names whose last label starts with a letter, as top-level domains do (all-digit names read as IP addresses).</summary>
    public static Gen<string> HostName(int minLabels, int maxLabels) =>
        from count in Gen.Choose(minLabels, maxLabels)
        from labels in Gen.ArrayOf(Label(), count - 1)
        from tldLetter in Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray())
        from tld in Label()
        where tld.Length < 3 || tld.Substring(1, 2) != "--"
        select string.Join(".", labels.Concat(new[] { tldLetter + tld }));

    public static Gen<string> MxPattern() =>
        Gen.OneOf(HostName(1, 4), HostName(2, 4).Select(h => "*." + h));

    public static Gen<string> Wsp() =>
        from length in Gen.Choose(0, 3)
        from chars in Gen.ArrayOf(Gen.Elements(' ', '\t'), length)
        select new string(chars);

    /// <summary>A dot-atom local part from RFC 5322 atext, including the characters a mailto: must encode.</summary>
    public static Gen<string> LocalPart()
    {
        var atext = LettersAndDigits.Concat("!#$%&'*+-/=?^_`{|}~".ToCharArray()).ToArray();
        var atom = from length in Gen.Choose(1, 8)
                   from chars in Gen.ArrayOf(Gen.Elements(atext), length)
                   select new string(chars);
        return from count in Gen.Choose(1, 3)
               from atoms in Gen.ArrayOf(atom, count)
               select string.Join(".", atoms);
    }

    public static Gen<string> SimpleAddress() =>
        from local in Gen.ArrayOf(Gen.Elements(LowerLettersAndDigits), 6).Select(c => new string(c))
        from host in HostName(2, 3)
        select local + "@" + host;

    public static Gen<string> HttpsUri() =>
        from host in HostName(2, 3)
        from path in Gen.Elements("", "/", "/tlsrpt", "/v1/reports?x=1")
        select "https://" + host + path;

    /// <summary>Text made mostly of the characters the grammars care about.</summary>
    public static Gen<string> GrammarJunk() =>
        from length in Gen.Choose(0, 60)
        from chars in Gen.ArrayOf(Gen.Elements(GrammarHeavy), length)
        select new string(chars);
}
