using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MailTls.Tests.Lab;
using MailTls.Tls;
using Xunit;

namespace MailTls.Tests.Tls;

/// <summary>
/// Agreement is the test: the enumeration must find exactly the (version, suite) pairs, TLS 1.3
/// groups and DH prime sizes that sslscan finds on the same lab listener, and the pairs testssl.sh
/// finds; the curves of TLS 1.2 are checked against openssl s_client instead, one curve at a time,
/// because sslscan and testssl.sh offer one curve per ClientHello and so miss curves on servers
/// with an ECDSA certificate (which refuse an offer without their certificate's curve).
/// </summary>
public sealed class TlsAgreementLabTests
{
    public static TheoryData<string, int> Listeners => new()
    {
        { "good", 25 },
        { "legacy", 25 },
        { "legacyall", 25 },
        { "legacyall", 465 },
        { "serverorder", 25 },
        { "clientorder", 25 },
        { "dhe1024", 25 },
        { "tls12", 25 },
        { "weakkey", 25 },
    };

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task Enumeration_AcceptsTheSameSuitesAsSslscan(string caseName, int port)
    {
        var lab = LabInfo.Instance.Smtp(caseName);
        var ours = await LabEnumerations.Of(caseName, port);
        var peer = PeerScanners.Sslscan(lab.Address, port, lab.Host, startTls: port != 465);

        Assert.True(ours.Complete, $"incomplete enumeration of {caseName}");
        Assert.NotEmpty(peer.Suites);
        var ourPairs = ours.Versions.SelectMany(v => v.Suites.Select(s => (v.Version, s.Suite.Code))).ToHashSet();
        Assert.Equal(Describe(peer.Suites.Keys), Describe(ourPairs));
    }

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task Enumeration_ReportsTheSameDhPrimesAndTls13GroupsAsSslscan(string caseName, int port)
    {
        var lab = LabInfo.Instance.Smtp(caseName);
        var ours = await LabEnumerations.Of(caseName, port);
        var peer = PeerScanners.Sslscan(lab.Address, port, lab.Host, startTls: port != 465);

        var ourDh = ours.Versions.SelectMany(v => v.Suites.Where(s => s.DhPrimeBits is not null).Select(s => $"{v.Version} 0x{s.Suite.Code:X4} {s.DhPrimeBits}")).OrderBy(x => x);
        var peerDh = peer.Suites.Where(p => p.Value is not null).Select(p => $"{p.Key.Version} 0x{p.Key.Code:X4} {p.Value}").OrderBy(x => x);
        Assert.Equal(peerDh, ourDh);
        Assert.Equal(peer.Tls13Groups.OrderBy(g => g), ours.Tls13Groups.Select(g => g.Group.Code).OrderBy(g => g));
    }

    [Fact]
    public async Task Enumeration_AcceptsTheSameSuitesAsTestssl()
    {
        // testssl.sh takes over a minute per listener (a process per suite): one legacy listener proves the point.
        var lab = LabInfo.Instance.Smtp("legacy");
        var ours = await LabEnumerations.Of("legacy");
        var peer = PeerScanners.Testssl(lab.Address, 25, startTls: true);

        Assert.NotEmpty(peer);
        Assert.Equal(Describe(peer), Describe(ours.Versions.SelectMany(v => v.Suites.Select(s => (v.Version, s.Suite.Code)))));
    }

    [Theory]
    [InlineData("good")]
    [InlineData("serverorder")]
    [InlineData("clientorder")]
    [InlineData("legacy")]
    [InlineData("legacyall")]
    public async Task Curves_AreTheOnesOpensslNegotiatesOneAtATime(string caseName)
    {
        var lab = LabInfo.Instance.Smtp(caseName);
        var ours = await LabEnumerations.Of(caseName);
        var version = ours.Versions.Last(v => v.Version < TlsVersion.Tls13 && v.Support == TlsSupport.Accepted).Version;
        var flag = version == TlsVersion.Tls12 ? "-tls1_2" : "-tls1";

        // Anonymous ECDH (Postfix accepts it) tests one curve per handshake with no certificate in the way; without it,
        // an ECDSA certificate on P-256 needs P-256 in every offer, and openssl names the curve the server then used.
        var all = string.Join(":", Curves.Select(c => c.OpenSsl));
        var anonymous = PeerScanners.OpensslCurve(lab.Address, 25, all, "kECDHE+aNULL", flag) is not null;
        var cipher = anonymous ? "kECDHE+aNULL" : caseName == "legacyall" ? "kECDHE+aRSA" : "kECDHE+aECDSA";
        var pin = anonymous || caseName == "legacyall" ? null : "P-256";
        var accepted = new List<string>();
        foreach (var (openssl, iana) in Curves)
        {
            var groups = pin is null || openssl == pin ? openssl : $"{openssl}:{pin}";
            var used = PeerScanners.OpensslCurve(lab.Address, 25, groups, cipher, flag);
            if (used is not null && Iana(used) == iana)
            {
                accepted.Add(iana);
            }
        }

        Assert.Contains("secp256r1", accepted);
        Assert.Equal(accepted.OrderBy(c => c), ours.Curves.Select(c => c.Group.Name).OrderBy(c => c));
    }

    private static readonly (string OpenSsl, string Iana)[] Curves =
    {
        ("X25519", "x25519"), ("X448", "x448"), ("P-256", "secp256r1"), ("P-384", "secp384r1"), ("P-521", "secp521r1"),
        ("brainpoolP256r1", "brainpoolP256r1"), ("brainpoolP384r1", "brainpoolP384r1"), ("brainpoolP512r1", "brainpoolP512r1"),
    };

    private static string Iana(string openssl) => openssl switch
    {
        "X25519" => "x25519",
        "X448" => "x448",
        "prime256v1" => "secp256r1",
        _ => openssl,
    };

    private static string Describe(IEnumerable<(TlsVersion Version, int Code)> pairs) =>
        string.Join("\n", pairs.OrderBy(p => p.Version).ThenBy(p => p.Code).Select(p => $"{p.Version} 0x{p.Code:X4} {TlsClassification.Default.Suite(p.Code)?.Name}"));
}
