using System.Collections.Generic;
using System.Linq;

namespace MailTls.Tls;

/// <summary>
/// What the probes offer. Every suite of the classification table that the version can negotiate,
/// in an order that makes a client-order server pick certificate-based, strong suites first (so
/// the first probe of a version also sees its certificate); the named groups in the order
/// today's clients prefer them.
/// </summary>
internal static class OfferLists
{
    private static readonly int[] Tls13GroupOrder = { 29, 23, 30, 25, 24, 0x11EC, 0x11EB, 0x11ED, 256, 257, 258, 259, 260, 31, 32, 33, 41 };
    private static readonly int[] CurveOrder = { 29, 23, 30, 25, 24, 26, 27, 28, 21, 22, 19, 18, 20, 15, 16, 17, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };

    /// <summary>TLS 1.3 key shares sent up front: x25519, which every TLS 1.3 server is expected to accept.</summary>
    public static readonly IReadOnlyList<int> Tls13KeyShares = new[] { 29 };

    public static IReadOnlyList<int> Suites(TlsClassification table, TlsVersion version) =>
        table.CipherSuites.Where(s => s.ValidFor(version))
            .OrderBy(s => s.Rating.Ncsc)
            .ThenBy(s => s.IsAnonymous)
            .ThenBy(s => KeyExchangeOrder(s.KeyExchange))
            .ThenByDescending(s => s.Bits)
            .ThenBy(s => s.IsCbc)
            .Select(s => s.Code)
            .ToArray();

    public static IReadOnlyList<int> Tls13Groups(TlsClassification table) => Tls13GroupOrder.Where(code => table.Group(code)?.UsableInTls13 == true).ToArray();

    /// <summary>The elliptic curves for ECDHE before TLS 1.3.</summary>
    public static IReadOnlyList<int> Curves(TlsClassification table) => CurveOrder.Where(code => table.Group(code)?.UsableInTls12 == true).ToArray();

    /// <summary>The supported_groups a version's suite probes send: every group it can use, so no suite is refused for want of one.</summary>
    public static IReadOnlyList<int> Groups(TlsClassification table, TlsVersion version) =>
        version == TlsVersion.Tls13 ? Tls13Groups(table) : Curves(table);

    private static int KeyExchangeOrder(string keyExchange) => keyExchange switch
    {
        "Any" => 0,
        "ECDHE" => 1,
        "DHE" => 2,
        "RSA" => 3,
        "ECDH" => 4,
        "DH" => 5,
        _ => 6,
    };
}
